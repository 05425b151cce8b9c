// CPU per request: a hello-world server under wrk (50 connections), golden-signals vs OpenTelemetry
// auto-instrumentation (traces off) vs prom-client by hand, each against bare Node.
//
// Method: paired runs. Each round starts bare Node and one variant side by side and loads both at
// the same time for the same seconds, so both see the same machine noise (this 2-core VM swings by
// 2x between runs); the figure is the ratio of the two processes' CPU per request in that pair.
// Pairs are shuffled per round; the table gives the median ratio and its range over the rounds.
// Usage: node bench/instrumentation/cpu.mjs [rounds=7] [seconds=5]
//        BENCH_APP=express node bench/instrumentation/cpu.mjs ...   (the same through express 5)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { VARIANTS as ALL, APP, cpuSeconds, median, shuffle, spread, startVariant, stop } from './common.mjs';

const run = promisify(execFile);
const rounds = Number(process.argv[2] ?? 7);
const seconds = Number(process.argv[3] ?? 5);
const VARIANTS = Object.keys(ALL).filter((v) => v !== 'bare');

async function load(port, secs) {
  const { stdout } = await run('wrk', ['-t1', '-c50', `-d${secs}s`, `http://127.0.0.1:${port}/api/users/1`]);
  return Number(/(\d+) requests in/.exec(stdout)[1]);
}

/** CPU microseconds per request of each process while both are loaded at once. */
async function pair(name) {
  const [base, other] = await Promise.all([startVariant('bare'), startVariant(name)]);
  try {
    await Promise.all([load(base.port, 1), load(other.port, 1)]); // warm up the JIT
    const before = [cpuSeconds(base.child.pid), cpuSeconds(other.child.pid)];
    const [nBase, nOther] = await Promise.all([load(base.port, seconds), load(other.port, seconds)]);
    const usBase = ((cpuSeconds(base.child.pid) - before[0]) / nBase) * 1e6;
    const usOther = ((cpuSeconds(other.child.pid) - before[1]) / nOther) * 1e6;
    return { usBase, usOther };
  } finally {
    await Promise.all([stop(base), stop(other)]);
  }
}

const ratios = Object.fromEntries(VARIANTS.map((v) => [v, []]));
const absolute = Object.fromEntries(['bare', ...VARIANTS].map((v) => [v, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of shuffle(VARIANTS)) {
    const { usBase, usOther } = await pair(name);
    ratios[name].push(usOther / usBase);
    absolute.bare.push(usBase);
    absolute[name].push(usOther);
    process.stderr.write(
      `round ${r + 1} ${name}: ${usOther.toFixed(1)} us vs bare ${usBase.toFixed(1)} us\n`,
    );
  }
}
console.log(
  `\nCPU per request (${APP} app), ${rounds} rounds of paired ${seconds}s runs (variant and bare loaded together), wrk -t1 -c50`,
);
console.log('| variant | CPU vs bare (median ratio) | ratio range | us/request (median) |');
console.log('|---|---|---|---|');
console.log(`| bare | 1.00x | | ${median(absolute.bare).toFixed(1)} |`);
for (const name of VARIANTS) {
  console.log(
    `| ${name} | ${median(ratios[name]).toFixed(2)}x | ${spread(ratios[name])} | ${median(absolute[name]).toFixed(1)} |`,
  );
}
