/**
 * `amtool silence add|query|expire` against the running service (Alertmanager's v2 silences
 * API): Debian's amtool (AMTOOL_BIN or PATH), and a current amtool from tools/peers when one
 * was built there.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Service, startService } from './helpers/service.ts';

function which(bin: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The current amtool that tools/peers/build.sh builds (AMTOOL_CURRENT_BIN, else the newest
 * `amtool-<version>-<hash>` in its cache, GS_PEERS_CACHE or ~/.cache/golden-signals/peers).
 */
function currentAmtool(): string | undefined {
  if (process.env.AMTOOL_CURRENT_BIN) return process.env.AMTOOL_CURRENT_BIN;
  const cache = process.env.GS_PEERS_CACHE || join(homedir(), '.cache/golden-signals/peers');
  const dir = join(cache, 'bin');
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir)
    .filter((f) => /^amtool-\d/.test(f))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0];
}

const AMTOOLS: Array<{ name: string; bin?: string; why: string }> = [
  {
    name: 'Debian amtool',
    bin: process.env.AMTOOL_BIN || which('amtool'),
    why: 'no amtool on PATH (apt install prometheus-alertmanager) and AMTOOL_BIN unset',
  },
  {
    name: 'current amtool (tools/peers)',
    bin: currentAmtool(),
    why: 'no current amtool: run tools/peers/build.sh alertmanager, or set AMTOOL_CURRENT_BIN',
  },
];

for (const tool of AMTOOLS) {
  describe(`${tool.name}: silence add, query, expire against the service`, {
    skip: tool.bin ? false : tool.why,
  }, () => {
    let svc: Service;
    before(async () => {
      svc = await startService();
    });
    after(() => svc?.stop());
    const amtool = (...args: string[]) =>
      execFileSync(tool.bin as string, [...args, `--alertmanager.url=${svc.url}`], {
        encoding: 'utf8',
        timeout: 20_000,
      });

    it('adds a silence with a regex escape, finds it by query, and expires it', () => {
      const id = amtool(
        'silence',
        'add',
        'alertname=DiskFull',
        'instance=~db\\d+',
        '--comment=maintenance',
        '--author=alice',
        '--duration=2h',
      )
        .trim()
        .split('\n')
        .pop() as string; // amtool 0.35 prints its parser-fallback warning first
      assert.match(id, /^[0-9a-f-]{36}$/);
      const listed = amtool('silence', 'query', '-o', 'json');
      const rows = JSON.parse(listed) as Array<{
        id: string;
        matchers: Array<{ name: string; value: string; isRegex: boolean }>;
      }>;
      const row = rows.find((r) => r.id === id);
      assert.ok(row, listed);
      assert.deepEqual(row.matchers.map((m) => [m.name, m.value, m.isRegex]).sort(), [
        ['alertname', 'DiskFull', false],
        ['instance', 'db\\d+', true],
      ]);
      assert.match(amtool('silence', 'query', 'alertname=DiskFull', '-q'), new RegExp(id));
      assert.doesNotMatch(amtool('silence', 'query', 'alertname=Other', '-q'), new RegExp(id));
      amtool('silence', 'expire', id);
      assert.doesNotMatch(amtool('silence', 'query', '-q'), new RegExp(id), 'no longer active');
      assert.match(amtool('silence', 'query', '--expired', '-q'), new RegExp(id));
    });

    it('silence update keeps the id, as Alertmanager does when the matchers are unchanged', () => {
      const add = amtool(
        'silence',
        'add',
        'alertname=Updated',
        '--comment=first',
        '--author=bob',
        '--duration=1h',
      );
      const id = add.trim().split('\n').pop() as string;
      const out = amtool('silence', 'update', id, '--duration=3h', '--comment=longer');
      assert.match(out, new RegExp(id), out);
      const rows = JSON.parse(amtool('silence', 'query', 'alertname=Updated', '-o', 'json')) as Array<{
        id: string;
        comment: string;
        endsAt: string;
        startsAt: string;
      }>;
      assert.deepEqual(
        rows.map((r) => [r.id, r.comment]),
        [[id, 'longer']],
        'one silence, same id, new comment',
      );
      const hours = (Date.parse(rows[0]!.endsAt) - Date.parse(rows[0]!.startsAt)) / 3_600_000;
      assert.ok(hours > 2.9 && hours < 3.1, `${hours} h`);
      amtool('silence', 'expire', id);
    });

    it('a silence of every alert is refused with the reason', () => {
      const r = spawnSync(
        tool.bin as string,
        ['silence', 'add', 'alertname=~.+', '--comment=x', `--alertmanager.url=${svc.url}`],
        { encoding: 'utf8' },
      );
      assert.notEqual(r.status, 0);
      assert.match(r.stderr + r.stdout, /every alert/);
    });
  });

  describe(`${tool.name}: with a token set, its --http.config.file bearer token is what lets it write`, {
    skip: tool.bin ? false : tool.why,
  }, () => {
    let svc: Service;
    let httpConfig = '';
    before(async () => {
      svc = await startService({ GOLDEN_SIGNALS_ALERTING_TOKEN: 'amtool-s3cret' });
      httpConfig = join(svc.dir, 'http.yml');
      writeFileSync(httpConfig, 'authorization:\n  type: Bearer\n  credentials: amtool-s3cret\n');
    });
    after(() => svc?.stop());
    const run = (...args: string[]) =>
      spawnSync(tool.bin as string, [...args, `--alertmanager.url=${svc.url}`], {
        encoding: 'utf8',
        timeout: 20_000,
      });

    it('refused without the token, accepted with it', () => {
      const add = ['silence', 'add', 'alertname=Tokened', '--comment=c', '--author=a'];
      assert.notEqual(run(...add).status, 0);
      const ok = run(...add, `--http.config.file=${httpConfig}`);
      assert.equal(ok.status, 0, ok.stderr);
      const id = ok.stdout.trim().split('\n').pop() as string;
      assert.match(run('silence', 'query', '-q', `--http.config.file=${httpConfig}`).stdout, new RegExp(id));
      assert.equal(run('silence', 'expire', id).status === 0, false, 'expire without the token is refused');
      assert.equal(run('silence', 'expire', id, `--http.config.file=${httpConfig}`).status, 0);
    });
  });
}
