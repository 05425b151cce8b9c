// CPU per request: a hello-world server under wrk (50 connections), bare vs golden-signals vs
// OpenTelemetry auto-instrumentation (traces off) vs prom-client by hand, in interleaved rounds.
// Usage: node bench/instrumentation/cpu.mjs [rounds=5] [seconds=5]
import { execFileSync } from 'node:child_process';
import { cpuSeconds, median, shuffle, spread, startVariant, stop, VARIANTS } from './common.mjs';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 5);

function wrk(port, secs) {
  const out = execFileSync('wrk', ['-t1', '-c50', `-d${secs}s`, `http://127.0.0.1:${port}/api/users/1`], {
    encoding: 'utf8',
  });
  const m = /(\d+) requests in/.exec(out);
  return Number(m[1]);
}

const results = Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of shuffle(Object.keys(VARIANTS))) {
    const p = await startVariant(name);
    wrk(p.port, 1); // warm up the JIT
    const before = cpuSeconds(p.child.pid);
    const requests = wrk(p.port, seconds);
    const used = cpuSeconds(p.child.pid) - before;
    await stop(p);
    results[name].push((used / requests) * 1e6);
    process.stderr.write(`round ${r + 1} ${name}: ${((used / requests) * 1e6).toFixed(1)} us/request\n`);
  }
}
const bare = median(results.bare);
console.log(`\nCPU per request, ${rounds} interleaved rounds of ${seconds}s, wrk -t1 -c50 (median, range)`);
console.log('| variant | us/request | range | vs bare |');
console.log('|---|---|---|---|');
for (const [name, xs] of Object.entries(results)) {
  console.log(`| ${name} | ${median(xs).toFixed(1)} | ${spread(xs)} | ${(median(xs) / bare).toFixed(2)}x |`);
}
