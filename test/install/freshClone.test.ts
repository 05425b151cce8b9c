/**
 * What a newcomer does first: clone, `npm ci`, `npm run build`, then run a package's command with
 * npx. Every bin of every workspace package must answer `--help` with exit 0: npm links a
 * workspace's bins at install time, so a bin that points into a not-yet-built dist/ is never
 * linked (npx then answers E404), and one that tsc wrote is not executable. The clone is of the
 * committed HEAD of this repository (uncommitted changes are not in it; GOLDEN_SIGNALS_CLONE_REF
 * names another commit, e.g. to see an older one fail); npm ci runs from the local cache (--offline).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * This run's environment without what `npm test` adds (its node_modules/.bin on PATH, npm_*
 * variables), so the clone resolves its commands from its own install, as a newcomer's shell would.
 */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) || /^npm_config_(cache|userconfig|globalconfig)$/i.test(k)) env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => !d.includes('node_modules'))
    .join(delimiter);
  delete env.INIT_CWD;
  delete env.NODE_OPTIONS;
  return env;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; out: string }>((done) => {
    execFile(cmd, args, { cwd, env, timeout: 400_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** Every `bin` name of the workspace packages, read from their package.json in the clone. */
async function workspaceBins(repo: string): Promise<string[]> {
  const root = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { workspaces: string[] };
  const bins: string[] = [];
  for (const ws of root.workspaces) {
    const pkg = JSON.parse(await readFile(join(repo, ws, 'package.json'), 'utf8')) as {
      bin?: Record<string, string>;
    };
    bins.push(...Object.keys(pkg.bin ?? {}));
  }
  return bins;
}

test('in a fresh clone, after npm ci and npm run build, npx runs every package command (--help exits 0) and checks the shipped config without secrets', {
  timeout: 900_000,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-clone-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const env = newcomerEnv();
  const repo = join(dir, 'golden-signals');
  const step = async (cmd: string, args: string[]) => {
    const started = Date.now();
    const r = await run(cmd, args, cmd === 'git' ? dir : repo, env);
    // Where the minutes go (npm ci's unpacking, the build), in the run's output.
    t.diagnostic(`${cmd} ${args.slice(0, 2).join(' ')}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed:\n${r.out.slice(-3000)}`);
    return r.out;
  };
  await step('git', ['clone', '--quiet', ROOT, repo]);
  const ref = env.GOLDEN_SIGNALS_CLONE_REF;
  if (ref) await run('git', ['checkout', '--quiet', ref], repo, env);
  await step('npm', ['ci', '--offline', '--no-audit', '--no-fund']);
  await step('npm', ['run', 'build']);
  const bins = await workspaceBins(repo);
  assert.ok(bins.includes('golden-signals-alerting'), `bins: ${bins}`);
  for (const bin of bins) {
    const out = await step('npx', ['--offline', '--no-install', bin, '--help']);
    assert.match(out, /usage/i, `${bin} --help printed its usage`);
  }
  // The README's check, in a CI job that has no secrets: unset variables are warnings, exit 0.
  for (const k of Object.keys(env)) if (/SLACK|WEBHOOK|GOLDEN_SIGNALS_ALERTING/.test(k)) delete env[k];
  const check = await step('npx', [
    '--offline',
    '--no-install',
    'golden-signals-alerting',
    'check',
    '--config',
    'deploy/alerting/alerting.yml',
  ]);
  assert.match(check, /warning/i, 'the unset webhook variable is reported as a warning');
});
