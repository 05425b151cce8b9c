import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { binary, findBinary, preflight, TOOLS, type ToolName } from './binaries.ts';

const PREFLIGHT = join(dirname(fileURLToPath(import.meta.url)), 'preflight.ts');

/** A PATH directory holding fake executables named `names`. */
function fakePath(t: { after: (fn: () => void) => void }, names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'golden-signals-bin-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const n of names) addFake(dir, n);
  return dir;
}

function addFake(dir: string, name: string): void {
  writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
  chmodSync(join(dir, name), 0o755);
}

test('a binary comes from its *_BIN variable first, then from PATH (Debian names included)', (t) => {
  const dir = fakePath(t, ['prometheus-alertmanager', 'promtool']);
  const own = join(fakePath(t, ['my-promtool']), 'my-promtool');
  assert.equal(findBinary('alertmanager', { PATH: dir }), join(dir, 'prometheus-alertmanager'));
  assert.equal(findBinary('promtool', { PATH: dir, PROMTOOL_BIN: own }), own);
  assert.equal(findBinary('chromium', { PATH: dir }), undefined);
  // A *_BIN that is not executable is not silently replaced by whatever PATH holds.
  assert.equal(findBinary('promtool', { PATH: dir, PROMTOOL_BIN: join(dir, 'nope') }), undefined);
});

test('a missing binary names the exact install command and the variable to set', (t) => {
  const dir = fakePath(t, ['prometheus', 'promtool', 'docker-compose']);
  const r = preflight({ PATH: dir }, () => assert.fail('must not install'), false);
  assert.equal(r.ok, false);
  assert.equal(
    r.message,
    'npm test needs alertmanager, amtool, chromium: run sudo apt-get install -y --no-install-recommends ' +
      'prometheus-alertmanager chromium (or set ALERTMANAGER_BIN, AMTOOL_BIN, CHROMIUM_BIN)',
  );
  assert.throws(() => binary('amtool', { PATH: dir }), /apt-get install .* prometheus-alertmanager/);
});

test('as root on Debian the preflight installs the missing packages, then finds their binaries', (t) => {
  const dir = fakePath(t, ['prometheus', 'promtool']);
  const asked: string[][] = [];
  const r = preflight(
    { PATH: dir },
    (packages) => {
      asked.push([...packages]);
      // What the packages would bring.
      for (const tool of Object.values(TOOLS))
        if (packages.includes(tool.debianPackage)) addFake(dir, tool.names[0]);
      return 0;
    },
    true,
  );
  assert.deepEqual(asked, [['prometheus-alertmanager', 'chromium', 'docker-compose']]);
  assert.deepEqual(r, { ok: true, installed: ['prometheus-alertmanager', 'chromium', 'docker-compose'] });
});

test('as root on Debian the real installer runs apt-get update, then apt-get install of the missing packages', (t) => {
  if (process.getuid?.() !== 0 || !existsSync('/etc/debian_version'))
    return t.skip('needs root on Debian/Ubuntu');
  const dir = fakePath(t, ['prometheus', 'promtool', 'prometheus-alertmanager', 'amtool', 'docker-compose']);
  const log = join(dir, 'apt-get.log');
  // A stand-in apt-get, the only one on PATH: logs its arguments and, on install, brings chromium.
  writeFileSync(
    join(dir, 'apt-get'),
    `#!/bin/sh\necho "$DEBIAN_FRONTEND $*" >> ${log}\n[ "$1" = install ] && printf '#!/bin/sh\\n' > ${dir}/chromium && /bin/chmod +x ${dir}/chromium\nexit 0\n`,
  );
  chmodSync(join(dir, 'apt-get'), 0o755);
  const r = preflight({ PATH: dir });
  assert.deepEqual(r, { ok: true, installed: ['chromium'] });
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [
    'noninteractive update -qq',
    'noninteractive install -y -qq --no-install-recommends chromium',
  ]);
});

test('a wrong *_BIN is reported, not papered over by an install', (t) => {
  const dir = fakePath(
    t,
    Object.values(TOOLS).map((tool) => tool.names[0]),
  );
  const r = preflight(
    { PATH: dir, CHROMIUM_BIN: '/nonexistent/chrome' },
    () => assert.fail('no install'),
    true,
  );
  assert.equal(r.ok, false);
  assert.match(
    r.message ?? '',
    /^npm test needs chromium \(not executable: CHROMIUM_BIN=\/nonexistent\/chrome\)/,
  );
});

test('npm test stops in its first seconds with one line when a binary is missing', () => {
  const started = Date.now();
  const r = spawnSync(process.execPath, [PREFLIGHT], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0]!,
    /^npm test needs prometheus, .*: run sudo apt-get install -y --no-install-recommends prometheus /,
  );
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('on this machine every binary the suite runs is found', () => {
  for (const tool of Object.keys(TOOLS) as ToolName[]) assert.ok(findBinary(tool), `${tool} not found`);
});
