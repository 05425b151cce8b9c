// Cost of recording one business event, side by side with a bare function call, the lean
// registry's own add, and the OpenTelemetry SDK counter, in interleaved rounds.
// Run (after `tsc -b packages/business-metrics`):
//   node bench/business-metrics/record.mjs [rounds=21] [callsPerRound=1000000]
// Prints a table and JSON; figures go in docs/performance/business-metrics.md.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const requireSdk = createRequire(`${root}packages/instrumentation/package.json`);
const { MeterProvider, MetricReader } = requireSdk('@opentelemetry/sdk-metrics');
const { start } = await import(`${root}packages/instrumentation/dist/index.js`);
const { BUSINESS_EVENTS } = await import(`${root}packages/conventions/dist/index.js`);
const business = await import(`${root}packages/business-metrics/dist/index.js`);

const ROUNDS = Number(process.argv[2] ?? 21);
const CALLS = Number(process.argv[3] ?? 1_000_000);

// The registry as the preload sets it up, without an exporter (nothing here measures scraping).
const inst = start({
  exporters: [],
  hostMetrics: false,
  httpServer: false,
  httpClient: false,
  logLevel: 'silent',
});
business.configureBusinessMetrics({ attributes: ['plan'] });
const events = inst.registry.fromSpec(BUSINESS_EVENTS);

class Reader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
const sdkCounter = new MeterProvider({ readers: [new Reader()] })
  .getMeter('bench')
  .createCounter('business.events', { unit: '{event}' });
const sdkAttributes = { event: 'page_view' };

// A function with a side effect the optimiser cannot drop: the floor every recording pays.
let sink = 0;
function bare(name) {
  sink += name.length;
}

const NAMES = ['page_view', 'add_to_cart', 'checkout', 'purchase'];
const variants = {
  'bare function call (baseline)': (i) => bare(NAMES[i & 3]),
  'registry add (lean Instrument)': (i) => events.add(events.seriesFor([NAMES[i & 3]]), 1),
  'trackEvent(name)': (i) => business.trackEvent(NAMES[i & 3]),
  'pageView()': () => business.pageView(),
  'purchase({ amount, currency })': (i) => business.purchase({ amount: i & 63, currency: 'USD' }),
  'trackEvent(name, { attributes })': (i) =>
    business.trackEvent(NAMES[i & 3], { attributes: { plan: 'pro' } }),
  'OTel SDK counter.add(1, { event })': (i) => {
    sdkAttributes.event = NAMES[i & 3];
    sdkCounter.add(1, sdkAttributes);
  },
};

/** Nanoseconds per call over CALLS calls. */
function time(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / CALLS;
}

for (const fn of Object.values(variants)) time(fn); // warm up every path before measuring any
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const entries = Object.entries(variants);
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved and rotated, so drift on a noisy machine hits every variant alike.
  for (let k = 0; k < entries.length; k++) {
    const [name, fn] = entries[(k + round) % entries.length];
    samples[name].push(time(fn));
  }
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p10: q(0.1), p90: q(0.9), n: s.length };
}
const base = stats(samples['bare function call (baseline)']).median;
const rows = Object.entries(samples).map(([name, v]) => {
  const s = stats(v);
  return {
    variant: name,
    median_ns: +s.median.toFixed(1),
    p10_ns: +s.p10.toFixed(1),
    p90_ns: +s.p90.toFixed(1),
    vs_bare: +(s.median / base).toFixed(1),
  };
});
console.table(rows);
console.log(
  JSON.stringify(
    { node: process.version, rounds: ROUNDS, callsPerRound: CALLS, sink: sink > 0, rows },
    null,
    2,
  ),
);
