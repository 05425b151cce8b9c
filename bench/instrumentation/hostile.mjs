// Memory under hostile input: every request on a path never seen before (a scanner), scraped
// every 2 s as a short Prometheus interval would, bare Node vs golden-signals on the same drive.
// RSS is sampled every 2 s, so the table says whether it plateaus, not only where it ends.
// Usage: node bench/instrumentation/hostile.mjs [requests=300000] [rounds=2]
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, rssBytes, startVariant, stop } from './common.mjs';

const run = promisify(execFile);
const total = Number(process.argv[2] ?? 300_000);
const rounds = Number(process.argv[3] ?? 2);
const script = join(tmpdir(), 'gs-bench-hostile.lua');
// All-distinct raw paths: a per-thread counter in base 26 (letters only, so nothing folds to :id
// and every path is a new candidate route), some two segments deep, some with a numeric tail.
writeFileSync(
  script,
  `local n = math.random(0, 1e9)
local function letters(x)
  local s = ""
  repeat s = string.char(97 + x % 26) .. s; x = math.floor(x / 26) until x == 0
  return s
end
request = function()
  n = n + 1
  local kind = n % 3
  local path
  if kind == 0 then path = "/" .. letters(n)
  elseif kind == 1 then path = "/scan/" .. letters(n) .. "/" .. letters(n * 7)
  else path = "/wp-" .. letters(n) .. ".php?id=" .. n end
  return wrk.format("GET", path)
end
`,
);

async function measure(name) {
  const p = await startVariant(name);
  const url = `http://127.0.0.1:${p.port}`;
  // 20k-request warm-up (JIT, heap sizing), then the baseline.
  execFileSync('wrk', ['-t1', '-c20', '-d2s', '-s', script, url]);
  const scrape = () =>
    fetch(`http://127.0.0.1:${p.metricsPort}/metrics`, {
      headers: { 'accept-encoding': process.env.HOSTILE_GZIP === '0' ? 'identity' : 'gzip' },
    })
      .then((r) => r.arrayBuffer())
      .catch(() => {});
  await scrape();
  const before = rssBytes(p.child.pid);
  const samples = [];
  const timer = setInterval(() => {
    samples.push(rssBytes(p.child.pid));
    if (name !== 'bare' && process.env.HOSTILE_SCRAPE !== '0') scrape();
  }, 2000);
  let done = 0;
  while (done < total) {
    const { stdout } = await run('wrk', ['-t1', '-c20', '-d5s', '-s', script, url]);
    done += Number(/(\d+) requests in/.exec(stdout)[1]);
  }
  clearInterval(timer);
  const after = rssBytes(p.child.pid);
  await stop(p);
  const mb = (b) => ((b - before) / 1e6).toFixed(1);
  const thirds = [
    samples[Math.floor(samples.length / 3)],
    samples[Math.floor((2 * samples.length) / 3)],
    after,
  ];
  return { done, growth: (after - before) / 1e6, path: thirds.map(mb).join(' / ') };
}

// HOSTILE_GZIP=0 scrapes without gzip, HOSTILE_SCRAPE=0 not at all; a third argument runs one variant.
const rows = process.argv[4] ? { [process.argv[4]]: [] } : { bare: [], 'golden-signals': [] };
for (let r = 0; r < rounds; r++)
  for (const name of Object.keys(rows)) {
    const m = await measure(name);
    rows[name].push(m);
    console.log(
      `round ${r + 1} ${name}: ${m.done} requests, growth ${m.growth.toFixed(1)} MB (at 1/3, 2/3, end: ${m.path} MB)`,
    );
  }
const bare = rows.bare ? median(rows.bare.map((m) => m.growth)) : 0;
console.log(`\n${total} requests on all-distinct raw paths, scraped every 2 s, ${rounds} rounds`);
console.log(
  '| variant | RSS growth median MB (range) | beyond bare MB | growth at 1/3, 2/3, end of each run (MB) |',
);
console.log('|---|---|---|---|');
for (const [name, ms] of Object.entries(rows)) {
  const g = ms.map((m) => m.growth).sort((a, b) => a - b);
  console.log(
    `| ${name} | ${median(g).toFixed(1)} (${g[0].toFixed(1)}–${g.at(-1).toFixed(1)}) | ${name === 'bare' ? '' : (median(g) - bare).toFixed(1)} | ${ms.map((m) => m.path).join('; ')} |`,
  );
}
