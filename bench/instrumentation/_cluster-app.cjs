// The app of cluster.mjs: a cluster of WORKERS workers, each with SERIES histogram series made
// through the OpenTelemetry API (so the preload's registry holds them). Run with the preload on
// the primary. On stdin: `delay` resets every worker's event-loop delay histogram and, on the
// next `delay`, prints `delay <max p99 ms over workers>`; prints `ready <pid>` when all joined.
const cluster = require('node:cluster');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const workers = Number(process.env.WORKERS ?? 8);
const series = Number(process.env.SERIES ?? 1000);

if (cluster.isWorker) {
  const { metrics } = require('@opentelemetry/api');
  const h = metrics.getMeter('bench').createHistogram('bench.request.duration', { unit: 's' });
  for (let i = 0; i < series; i++)
    h.record((i % 100) / 100, { 'http.route': `/route/${i}`, 'http.request.method': 'GET' });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  process.on('message', (m) => {
    if (m === 'reset') delay.reset();
    if (m === 'p99') process.send({ p99: delay.percentile(99) / 1e6 });
  });
  // Keep a worker's loop busy with a little work, as an app's would be.
  setInterval(() => {}, 10);
  process.send({ up: true });
} else {
  const list = [];
  let up = 0;
  for (let i = 0; i < workers; i++) {
    const w = cluster.fork();
    list.push(w);
    w.on('message', (m) => {
      if (m.up && ++up === workers) setTimeout(() => console.log(`ready ${process.pid}`), 1000);
    });
  }
  let answers = [];
  require('node:readline')
    .createInterface({ input: process.stdin })
    .on('line', (line) => {
      if (line === 'reset') for (const w of list) w.send('reset');
      if (line === 'p99') {
        answers = [];
        for (const w of list)
          w.once('message', (m) => {
            answers.push(m.p99);
            if (answers.length === workers) console.log(`p99 ${Math.max(...answers).toFixed(2)}`);
          });
        for (const w of list) w.send('p99');
      }
    });
}
