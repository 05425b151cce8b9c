// Cost of host metrics: one full collection (event-loop time), and module load time against
// @opentelemetry/instrumentation-host-metrics. Run: node bench/host-metrics/collect.mjs
// [rounds=15] [collectionsPerRound=100] (after `tsc -b packages/host-metrics`). Prints JSON; figures go in docs/performance/host-metrics.md.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const requireSdk = createRequire(`${root}packages/instrumentation/package.json`);
const { MeterProvider, MetricReader } = requireSdk('@opentelemetry/sdk-metrics');
const { startHostMetrics } = await import(`${root}packages/host-metrics/dist/index.js`);
const { HostMetricsInstrumentation } = createRequire(`${root}bench/package.json`)(
  '@opentelemetry/instrumentation-host-metrics',
);

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const ROUNDS = Number(process.argv[2] ?? 15);
const PER_ROUND = Number(process.argv[3] ?? 100);

/** Milliseconds per collection, over PER_ROUND collections, for a provider set up by `setup`. */
async function timeCollections(setup) {
  const reader = new Reader();
  const provider = new MeterProvider({ readers: [reader] });
  const handle = setup(provider);
  await reader.collect(); // first collection resolves the cgroup and reads mountinfo: warm up
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) await reader.collect();
  const ms = (performance.now() - start) / PER_ROUND;
  handle?.stop();
  await provider.shutdown();
  return ms;
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9), n: s.length };
}

const variants = {
  'empty SDK provider (baseline)': () => undefined,
  'host metrics, all groups': (p) => startHostMetrics(p),
  'host metrics, saturation only': (p) => startHostMetrics(p, { groups: ['saturation'] }),
  // The peer: upstream's host metrics (CPU, memory, network; no disk, cgroup or runtime).
  '@opentelemetry/instrumentation-host-metrics 0.6': (p) => {
    const upstream = new HostMetricsInstrumentation({ enabled: false });
    upstream.setMeterProvider(p);
    upstream.enable();
    return { stop: () => upstream.disable() };
  },
};
const collect = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, so drift on this noisy 2-core machine hits every variant alike.
  for (const [name, setup] of Object.entries(variants)) collect[name].push(await timeCollections(setup));
}

/**
 * Load time of a module in a fresh Node 24 process, in ms, with @opentelemetry/api and our
 * conventions already loaded: the preload loads both anyway, so this is what the package adds.
 * Run from where each is installed (ours at the root, the peer in bench/), with the API loaded in
 * both its CommonJS and ES module forms, so neither package pays for loading the API itself.
 */
function loadMs(specifier, from) {
  const code = `import { createRequire } from 'node:module';
createRequire(process.cwd() + '/')('@opentelemetry/api');
await import('@opentelemetry/api');await import('@golden-signals/conventions');
const t=performance.now();await import(${JSON.stringify(specifier)});console.log(performance.now()-t)`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: from, encoding: 'utf8' }),
  );
}
const loadFrom = {
  '@golden-signals/host-metrics': root,
  '@opentelemetry/instrumentation-host-metrics': `${root}bench`,
};
const loads = Object.fromEntries(Object.keys(loadFrom).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, from] of Object.entries(loadFrom)) loads[name].push(loadMs(name, from));
}

const result = {
  node: process.version,
  rounds: ROUNDS,
  collectionsPerRound: PER_ROUND,
  collectionMs: Object.fromEntries(Object.entries(collect).map(([k, v]) => [k, stats(v)])),
  loadMs: Object.fromEntries(Object.entries(loads).map(([k, v]) => [k, stats(v)])),
};
console.log(JSON.stringify(result, null, 2));
