import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { eventually, FIXTURES, freePort, REGISTER } from '../helpers/app.ts';
import {
  decreases,
  drive,
  type Launched,
  launch,
  nodePath,
  promtool,
  requestCount,
  scrapeSamples,
} from '../helpers/launch.ts';

const run = promisify(execFile);
const ROOT = join(FIXTURES, '../../../..');
const REQUESTS = 24;

type Mode = {
  name: string;
  args: (register: string) => string[];
  env: Record<string, string>;
};

/** The multi-process fixture in each of its modes; every one serves one metrics port. */
const MODES: Mode[] = [
  { name: 'node cluster, primary preloaded', args: (r) => ['--require', r], env: { MODE: 'cluster' } },
  {
    name: 'node cluster, workers preloaded only, the port owner killed',
    args: () => [],
    // The respawned worker often wins the port: it must wait for the survivors (and the heirloom).
    env: { MODE: 'cluster', PRIMARY_PRELOAD: '0', RESPAWN: '1' },
  },
  { name: 'child_process.fork', args: (r) => ['--require', r], env: { MODE: 'fork' } },
  { name: 'worker_threads', args: (r) => ['--require', r], env: { MODE: 'threads' } },
];

async function startMode(mode: Mode, metricsPort: number): Promise<{ app: Launched; ports: number[] }> {
  const app = launch(process.execPath, [...mode.args(REGISTER), join(FIXTURES, 'multi.cjs')], {
    ...mode.env,
    WORKERS: '3',
    APP_PORT: String(await freePort()),
    REGISTER,
    OTEL_SERVICE_NAME: 'multi',
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
  });
  const m = await app.waitFor(/ports ([\d,]+)/);
  return { app, ports: m[1]!.split(',').map(Number) };
}

/** The pid listening on a TCP port of 127.0.0.1 (`ss`), i.e. the metrics port's owner. */
async function listenerPid(port: number): Promise<number> {
  const { stdout } = await run('ss', ['-ltnpH', `sport = :${port}`]);
  const pid = /pid=(\d+)/.exec(stdout)?.[1];
  if (!pid) throw new Error(`no listener on ${port}: ${stdout}`);
  return Number(pid);
}

/** Scrapes until the count settles at `expected` (members join a moment after they serve). */
async function countReaches(url: string, expected: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let seen = -1;
  while (Date.now() < deadline) {
    const s = await scrapeSamples(url);
    seen = s ? requestCount(s.samples) : -1;
    if (seen >= expected) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
  return seen;
}

describe('one metrics port for every process of the service', () => {
  for (const mode of MODES) {
    it(`${mode.name}: one scrape counts every request, and no counter goes back when a worker dies`, async () => {
      const metricsPort = await freePort();
      const url = `http://127.0.0.1:${metricsPort}/metrics`;
      const { app, ports } = await startMode(mode, metricsPort);
      try {
        await drive(ports, REQUESTS);
        assert.equal(await countReaches(url, REQUESTS), REQUESTS, app.err());
        const scrapes = [];
        let answered = 0;
        for (let i = 0; i < 20; i++) {
          // Kill one worker (SIGKILL, or terminate for a thread) twice; the fixture starts another.
          if (i === 4 || i === 12) {
            // With RESPAWN the owner of the metrics port itself dies (a takeover); else any worker.
            if (mode.env.RESPAWN) process.kill(await listenerPid(metricsPort), 'SIGKILL');
            else process.kill(app.child.pid!, 'SIGUSR2');
          }
          const s = await scrapeSamples(url);
          if (s) {
            answered++;
            scrapes.push(s.samples);
          }
          await new Promise((r) => setTimeout(r, 150));
        }
        assert.ok(answered >= 16, `${answered} of 20 scrapes answered`);
        assert.deepEqual(decreases(scrapes), [], 'counters never go backwards');
        assert.ok(requestCount(scrapes.at(-1)!) >= REQUESTS, 'what the dead workers counted is kept');
        await app.waitFor(/replaced \d+[\s\S]*replaced \d+/, 60_000);
        if (mode.env.RESPAWN)
          assert.ok(
            (app.err().match(/serving metrics of service/g) ?? []).length >= 3,
            'the port changed hands twice',
          );
        const last = await scrapeSamples(url);
        assert.ok(last);
        assert.equal(await promtool(last.text), '');
      } finally {
        await app.stop();
      }
    });
  }

  it('npm start with the preload in NODE_OPTIONS: the app, not npm, owns the port', async () => {
    const metricsPort = await freePort();
    const app = launch(
      'npm',
      ['start', '--silent'],
      {
        NODE_OPTIONS: `--require ${REGISTER}`,
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      },
      join(FIXTURES, 'npm-app'),
    );
    try {
      const port = Number((await app.waitFor(/listening (\d+)/))[1]);
      await drive([port], 5);
      assert.equal(await countReaches(`http://127.0.0.1:${metricsPort}/metrics`, 5), 5, app.err());
      assert.doesNotMatch(app.err(), /EADDRINUSE|served with the others/, 'npm never took the port');
    } finally {
      await app.stop();
    }
  });

  // tsx starts the app with a module-hooks loader; Node 20 runs the preload in that loader's
  // thread too, which took the port before the app did (seen on CI). Each Node here is tried.
  for (const node of nodesToTry()) {
    it(`tsx app.ts with the preload in NODE_OPTIONS on Node ${node.version}: the app owns the port`, async () => {
      const metricsPort = await freePort();
      // A cold tsx cache, as on a fresh machine: tsx then runs esbuild in a worker thread.
      const tmp = await mkdtemp(join(tmpdir(), 'gs-tsx-'));
      const app = launch(join(ROOT, 'node_modules/.bin/tsx'), [join(FIXTURES, 'app.ts')], {
        TMPDIR: tmp,
        PATH: `${node.dir}${delimiter}${process.env.PATH ?? ''}`,
        NODE_OPTIONS: `--require ${REGISTER}`,
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      });
      try {
        const port = Number((await app.waitFor(/listening (\d+)/))[1]);
        await drive([port], 5);
        assert.equal(await countReaches(`http://127.0.0.1:${metricsPort}/metrics`, 5), 5, app.err());
        // A tool's worker thread in the app (esbuild's, when tsx's cache is cold) may join the
        // app's port like any thread; what must not happen is tsx or a loader thread owning it.
        assert.doesNotMatch(app.err(), /EADDRINUSE/);
        assert.equal(app.err().match(/serving metrics of service/g)?.length, 1, app.err());
      } finally {
        await app.stop();
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }
});

/** The Node running the tests, and the machine's own `node` when it is another major release. */
function nodesToTry(): { dir: string; version: string }[] {
  const ours = { dir: dirname(process.execPath), version: process.versions.node };
  const major = (v: string) => v.split('.')[0];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const node = join(dir, 'node');
    if (!existsSync(node) || realpathSync(node) === realpathSync(process.execPath)) continue;
    const version =
      spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    return version && major(version) !== major(ours.version) ? [ours, { dir, version }] : [ours];
  }
  return [ours];
}

describe('PM2 cluster mode', () => {
  // The killed instance is sometimes the port's owner, and PM2's replacement may win the port.
  it('pm2 start -i 2: one port serves both instances, and a killed instance keeps its count', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gs-pm2-'));
    const pm2 = join(ROOT, 'node_modules/.bin/pm2');
    const metricsPort = await freePort();
    const appPort = await freePort();
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    const env = {
      ...process.env,
      PATH: nodePath(),
      NODE_OPTIONS: '',
      PM2_HOME: home,
      APP_PORT: String(appPort),
      OTEL_SERVICE_NAME: 'pm2-app',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    };
    const pm2Run = (args: string[]) => run(pm2, args, { env, timeout: 60_000 });
    try {
      await pm2Run([
        'start',
        join(FIXTURES, 'npm-app/server.cjs'),
        '-i',
        '2',
        '--name',
        'gs',
        `--node-args=--require ${REGISTER}`,
      ]);
      await eventually('both instances serve', async () => (await pids()).length === 2, 30_000);
      await drive([appPort], REQUESTS);
      assert.equal(await countReaches(url, REQUESTS), REQUESTS);
      const scrapes = [];
      for (let i = 0; i < 20; i++) {
        if (i === 5) process.kill((await pids())[0]!, 'SIGKILL'); // PM2 starts a new one
        const s = await scrapeSamples(url);
        if (s) scrapes.push(s.samples);
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.ok(scrapes.length >= 16, `${scrapes.length} of 20 scrapes answered`);
      assert.deepEqual(decreases(scrapes), [], 'counters never go backwards');
      assert.equal(requestCount(scrapes.at(-1)!), REQUESTS, 'the killed instance still counts');
      assert.equal(await promtool((await scrapeSamples(url))!.text), '');
    } finally {
      await pm2Run(['kill']).catch(() => {});
      await rm(home, { recursive: true, force: true });
    }

    async function pids(): Promise<number[]> {
      const { stdout } = await pm2Run(['jlist']);
      const list = JSON.parse(stdout) as Array<{ pid: number; pm2_env: { status: string } }>;
      return list.filter((p) => p.pm2_env.status === 'online' && p.pid > 0).map((p) => p.pid);
    }
  });
});
