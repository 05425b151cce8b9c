// The server hook's own cost, in process and without the network: N request lifecycles published
// on Node's `http.server.request.start` channel and closed, with golden-signals subscribed versus
// with no subscriber (what a bare server does: it publishes only when someone listens). Repeatable
// to a few percent even on a noisy machine, unlike end-to-end CPU under wrk (see cpu.mjs).
// Usage: node bench/instrumentation/hook.mjs [requests=200000] [rounds=7]
import dc from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { median, spread } from './common.mjs';

const n = Number(process.argv[2] ?? 200_000);
const rounds = Number(process.argv[3] ?? 7);
const channel = dc.channel('http.server.request.start');
const server = new EventEmitter();
const URLS = ['/api/users/1', '/api/users/2', '/products', '/api/orders/17/items/3'];

function lifecycle(i) {
  const req = new EventEmitter();
  req.method = 'GET';
  req.url = URLS[i & 3];
  const res = new EventEmitter();
  res.req = req;
  res.statusCode = 200;
  res.headersSent = true;
  res.writableFinished = true;
  if (channel.hasSubscribers) channel.publish({ request: req, response: res, socket: null, server });
  res.emit('close');
}

function time() {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) lifecycle(i);
  const t = process.cpuUsage(t0);
  return ((t.user + t.system) / n) * 1000; // ns per request
}

const bare = [];
const ours = [];
process.env.OTEL_METRICS_EXPORTER = 'none';
process.env.GOLDEN_SIGNALS_HOST_METRICS = 'false';
process.env.GOLDEN_SIGNALS_LOG_LEVEL = 'silent';
const { start } = await import('../../packages/instrumentation/dist/instrumentation.js');
let inst;
for (let r = 0; r < rounds + 1; r++) {
  const b = time();
  inst = start();
  const o = time();
  await inst.shutdown();
  if (r > 0) {
    // the first round warms up the JIT
    bare.push(b);
    ours.push(o);
  }
}
const added = ours.map((o, i) => o - bare[i]);
console.log(`\nServer hook cost, ${n} simulated requests x ${rounds} rounds (CPU ns per request)`);
console.log('| | median ns | range |');
console.log('|---|---|---|');
console.log(`| lifecycle without subscriber | ${median(bare).toFixed(0)} | ${spread(bare)} |`);
console.log(`| with golden-signals | ${median(ours).toFixed(0)} | ${spread(ours)} |`);
console.log(`| added by golden-signals | ${median(added).toFixed(0)} | ${spread(added)} |`);
