// Startup: time from spawn to the first answered request, bare vs each preload, interleaved.
// Usage: node bench/instrumentation/startup.mjs [rounds=10]
import { median, shuffle, spread, startVariant, stop, VARIANTS } from './common.mjs';

const rounds = Number(process.argv[2] ?? 10);
const results = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of shuffle(Object.keys(VARIANTS))) {
    const p = await startVariant(name);
    await fetch(`http://127.0.0.1:${p.port}/`).then((res) => res.text());
    results[name].push(performance.now() - p.t0);
    await stop(p);
  }
}
const bare = median(results.bare);
console.log(`\nStartup to first answered request, ${rounds} interleaved rounds (ms)`);
console.log('| variant | median ms | range | vs bare |');
console.log('|---|---|---|---|');
for (const [name, xs] of Object.entries(results)) {
  console.log(
    `| ${name} | ${median(xs).toFixed(0)} | ${spread(xs)} | +${(median(xs) - bare).toFixed(0)} ms |`,
  );
}
