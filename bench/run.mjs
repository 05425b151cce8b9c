// Runs every benchmark (or those whose area is named: `npm run bench -- instrumentation`),
// one after another so they do not disturb each other, and prints their tables.
// The peers (OpenTelemetry auto-instrumentation, prom-client) live in bench/package.json and are
// installed here on first use, so they never enter the product's dependency tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Each area's scripts with their arguments, in the order they run; `BENCH_APP=x` sets that variable. */
const SCRIPTS = {
  instrumentation: [
    ['instrumentation/hook.mjs', '200000', '7'],
    ['instrumentation/cpu.mjs', '5', '5'],
    ['instrumentation/cpu.mjs', '5', '5', 'BENCH_APP=express'],
    ['instrumentation/startup.mjs', '10'],
    // each exporter alone in its own process: in one heap, one's GC shows as another's stall
    ['instrumentation/scrape.mjs', '10000', '7', 'golden-signals'],
    ['instrumentation/scrape.mjs', '10000', '7', 'prom-client'],
    ['instrumentation/scrape.mjs', '10000', '7', 'otel-exporter'],
    ['instrumentation/rss.mjs', '1000000', '3'],
    ['instrumentation/scrape-http.mjs', '10000', '7', '31'],
    ['instrumentation/cluster.mjs', '8', '1000', '20'],
    ['instrumentation/hostile.mjs', '300000', '2'],
  ],
  'host-metrics': [['host-metrics/collect.mjs']],
  'business-metrics': [],
  alerting: [['alerting/cycle.ts']],
  notify: [['notify/budget.ts'], ['notify/versusAlertmanager.ts', '--rounds', '10']],
  promql: [['promql/parse.ts']],
};
// Scripts an area added that are not listed above still run, after the listed ones.
for (const [area, list] of Object.entries(SCRIPTS)) {
  const dir = join(here, area);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    const known = list.some(([s]) => s === `${area}/${f}`);
    const runnable =
      /\.(mjs|ts)$/.test(f) && !['common.mjs'].includes(f) && !f.startsWith('_') && !f.startsWith('app-');
    if (!known && runnable && area === 'business-metrics') list.push([`${area}/${f}`]);
  }
}

if (!existsSync(join(here, 'node_modules/prom-client'))) {
  console.error('installing the peers into bench/node_modules ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
}
if (!spawnSync('wrk', ['--version']).stdout && !spawnSync('which', ['wrk']).stdout.length) {
  console.error('wrk is needed for the HTTP benchmarks: apt-get install wrk');
}

const wanted = process.argv.slice(2);
let failed = 0;
for (const [area, list] of Object.entries(SCRIPTS)) {
  if (wanted.length && !wanted.includes(area)) continue;
  for (const [script, ...rest] of list) {
    const env = Object.fromEntries(rest.filter((a) => a.includes('=')).map((a) => a.split('=')));
    const args = rest.filter((a) => !a.includes('='));
    console.log(`\n## ${rest.filter((a) => a.includes('=')).join(' ')} ${script} ${args.join(' ')}\n`);
    const r = spawnSync(process.execPath, [join(here, script), ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    if (r.status !== 0) {
      failed++;
      console.log(`(${script} exited ${r.status})`);
    }
  }
}
process.exit(failed ? 1 : 0);
