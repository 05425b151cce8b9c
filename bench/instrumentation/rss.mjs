// Memory: RSS growth after N requests over 100k distinct raw paths (ids that the route
// normaliser folds), bare vs golden-signals. Usage: node bench/instrumentation/rss.mjs [requests=1000000]
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { rssBytes, startVariant, stop } from './common.mjs';

const run = promisify(execFile);
const total = Number(process.argv[2] ?? 1_000_000);
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
];
for (const [label, env] of RUNS) {
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
  const series = await fetch(`http://127.0.0.1:${p.metricsPort}/metrics`)
    .then((r) => r.text())
    .then(
      (t) => t.split('\n').filter((l) => l.startsWith('http_server_request_duration_seconds_count')).length,
    )
    .catch(() => 0);
  const after = rssBytes(p.child.pid);
  console.log(
    `${label}: ${done} requests, RSS ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB (growth ${((after - before) / 1e6).toFixed(1)} MB), duration series ${series}`,
  );
  await stop(p);
}
