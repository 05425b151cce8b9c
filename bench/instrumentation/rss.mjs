// Memory: RSS growth after N requests over 100k distinct raw paths (ids that the route
// normaliser folds), bare vs golden-signals, in interleaved rounds.
// Usage: node bench/instrumentation/rss.mjs [requests=1000000] [rounds=1]
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { median, rssBytes, startVariant, stop } from './common.mjs';

const run = promisify(execFile);
const total = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 1);
const script = join(tmpdir(), 'gs-bench-paths.lua');
// Each request asks for one of 100,000 distinct paths, some numeric, some hex, some words+ids.
writeFileSync(
  script,
  `local n = 0
request = function()
  n = n + 1
  local id = math.random(0, 99999)
  local kind = id % 3
  local path
  if kind == 0 then path = "/api/users/" .. id
  elseif kind == 1 then path = string.format("/blobs/%012x", id * 7919)
  else path = "/orders/" .. id .. "/items/" .. (id % 17) end
  return wrk.format("GET", path)
end
`,
);
const RUNS = [
  ['bare', {}],
  ['golden-signals', {}],
  ['golden-signals, host metrics off', { GOLDEN_SIGNALS_HOST_METRICS: 'false' }],
  ['golden-signals, GC pauses on', { GOLDEN_SIGNALS_GC_PAUSES: 'true' }],
];

/** V8's young generation (new space) size in MB, from our own runtime metrics. */
function newSpaceMb(exposition) {
  const line = exposition
    .split('\n')
    .find((l) => l.startsWith('v8js_memory_heap_limit_bytes') && l.includes('"new_space"'));
  return line ? (Number(line.slice(line.lastIndexOf(' ') + 1)) / 1e6).toFixed(1) : '-';
}

async function measure(label, env) {
  const name = label.startsWith('golden-signals') ? 'golden-signals' : label;
  const p = await startVariant(name, env);
  execFileSync('wrk', ['-t1', '-c50', '-d2s', '-s', script, `http://127.0.0.1:${p.port}`]);
  await fetch(`http://127.0.0.1:${p.metricsPort}/metrics`).catch(() => {});
  const before = rssBytes(p.child.pid);
  // Scraped every 15 s during the load, as Prometheus would (bare Node has nothing to scrape).
  const scraper = setInterval(
    () =>
      fetch(`http://127.0.0.1:${p.metricsPort}/metrics`)
        .then((r) => r.text())
        .catch(() => {}),
    15_000,
  );
  let done = 0;
  while (done < total) {
    // Asynchronous, so that the scraper's timer runs while wrk does.
    const { stdout } = await run('wrk', ['-t1', '-c50', '-d10s', '-s', script, `http://127.0.0.1:${p.port}`]);
    done += Number(/(\d+) requests in/.exec(stdout)[1]);
  }
  clearInterval(scraper);
  const text = await fetch(`http://127.0.0.1:${p.metricsPort}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const series = text.split('\n').filter((l) => l.startsWith('http_server_request_duration_seconds_count'));
  const after = rssBytes(p.child.pid);
  await stop(p);
  const growth = (after - before) / 1e6;
  console.log(
    `${label}: ${done} requests, RSS ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB (growth ${growth.toFixed(1)} MB), duration series ${series.length}, V8 new space ${newSpaceMb(text)} MB`,
  );
  return growth;
}

const growths = new Map(RUNS.map(([label]) => [label, []]));
for (let r = 0; r < rounds; r++) {
  for (const [label, env] of RUNS) growths.get(label).push(await measure(label, env));
}
if (rounds > 1) {
  const bare = median(growths.get('bare'));
  console.log(
    `\nmedian over ${rounds} rounds (beyond bare = median growth - bare's median ${bare.toFixed(1)} MB):`,
  );
  for (const [label, xs] of growths) {
    const s = [...xs].sort((a, b) => a - b);
    const beyond = label === 'bare' ? '' : `, beyond bare ${(median(xs) - bare).toFixed(1)} MB`;
    console.log(
      `  ${label}: growth ${median(xs).toFixed(1)} MB (range ${s[0].toFixed(1)}–${s.at(-1).toFixed(1)})${beyond}`,
    );
  }
}
