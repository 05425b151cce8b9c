// A scrape of 10,000 histogram series end to end over HTTP, as Prometheus sees it: golden-signals
// next to prom-client and the stock OpenTelemetry Prometheus exporter, each in its own process.
// Measured two ways: by a Node client (plain, and asking for gzip: time to the last decoded
// byte, bytes on the wire), and by a real Prometheus (`scrape_duration_seconds`, which asks for
// gzip as it always does). Also the longest event-loop stall inside each target while scraped.
// Usage: node bench/instrumentation/scrape-http.mjs [series=10000] [rounds=15] [prometheusSeconds=40 per exporter]
// PROMETHEUS_BIN picks the Prometheus (default: `prometheus` on PATH, Debian's 2.42).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { freePort, median, NODE, spread } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const nSeries = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 15);
const promSeconds = Number(process.argv[4] ?? 40);
// `static` serves our text from memory, rendered and compressed once: the floor of what any
// exporter can get, left by the client (Prometheus parses and appends every sample) and loopback.
const NAMES = ['static', 'golden-signals', 'prom-client', 'otel-exporter'];

async function startTarget(name) {
  const child = spawn(NODE, [join(here, '_scrape-target.mjs'), name, String(nSeries)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  while (!/listening (\d+)/.test(out)) await new Promise((r) => setTimeout(r, 10));
  const port = Number(/listening (\d+)/.exec(out)[1]);
  const stall = async () => {
    out = '';
    child.stdin.write('stall\n');
    while (!/stall ([\d.]+)/.test(out)) await new Promise((r) => setTimeout(r, 5));
    return Number(/stall ([\d.]+)/.exec(out)[1]);
  };
  return { name, child, port, stall };
}

/** One scrape: ms to the last (decoded) byte, bytes on the wire, decoded bytes. */
function scrape(port, gzip) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers, agent: false }, (res) => {
      let wire = 0;
      let text = 0;
      res.on('data', (d) => {
        wire += d.length;
      });
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
      body.on('data', (d) => {
        text += d.length;
      });
      body.on('end', () => resolve({ ms: performance.now() - t0, wire, text }));
      body.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function clientRounds(targets) {
  const rows = {};
  for (const t of targets) {
    await scrape(t.port, false); // warm-up: JIT, label caches
    rows[t.name] = { plain: [], gzip: [], wire: 0, text: 0, stall: [] };
  }
  for (let r = 0; r < rounds; r++) {
    for (const t of targets) {
      await t.stall();
      const p = await scrape(t.port, false);
      const g = await scrape(t.port, true);
      rows[t.name].stall.push(await t.stall());
      rows[t.name].plain.push(p.ms);
      rows[t.name].gzip.push(g.ms);
      rows[t.name].wire = g.wire;
      rows[t.name].text = p.text;
    }
  }
  return rows;
}

/**
 * A real Prometheus scrapes one target alone (every 5 s): with all three at once, on a small
 * machine, Prometheus' own appends of 170k samples per scrape delay the next scrape's reads.
 */
async function prometheusRun(t) {
  const dir = mkdtempSync(join(tmpdir(), 'gs-scrape-'));
  const jobs = `  - job_name: '${t.name}'\n    static_configs: [{ targets: ['127.0.0.1:${t.port}'] }]`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 5s\n  scrape_timeout: 5s\nscrape_configs:\n${jobs}\n`,
  );
  const port = await freePort();
  const prom = spawn(
    process.env.PROMETHEUS_BIN ?? 'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  try {
    await new Promise((r) => setTimeout(r, promSeconds * 1000));
    const q = encodeURIComponent(`quantile_over_time(0.5, scrape_duration_seconds[${promSeconds}s])`);
    const qmax = encodeURIComponent(`max_over_time(scrape_duration_seconds[${promSeconds}s])`);
    const get = async (query) =>
      (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${query}`)).json()).data.result;
    const med = Object.fromEntries((await get(q)).map((s) => [s.metric.job, Number(s.value[1]) * 1000]));
    const max = Object.fromEntries((await get(qmax)).map((s) => [s.metric.job, Number(s.value[1]) * 1000]));
    return { med, max };
  } finally {
    prom.kill('SIGTERM');
    await once(prom, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

const targets = [];
for (const n of NAMES) targets.push(await startTarget(n));
try {
  const rows = await clientRounds(targets);
  const prom = { med: {}, max: {} };
  for (const t of targets) {
    const p = await prometheusRun(t);
    Object.assign(prom.med, p.med);
    Object.assign(prom.max, p.max);
  }
  console.log(`\nScrape over HTTP of ${nSeries} histogram series (14 buckets), ${rounds} interleaved rounds`);
  console.log(
    '| exporter | Prometheus scrape_duration median ms (max) | plain ms median (range) | gzip ms median (range) | text bytes | gzip wire bytes (ratio) | worst stall ms median |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, x] of Object.entries(rows)) {
    const pm =
      prom.med[name] === undefined ? 'n/a' : `${prom.med[name].toFixed(0)} (${prom.max[name].toFixed(0)})`;
    const ratio =
      x.wire < x.text ? `${x.wire} (${((100 * x.wire) / x.text).toFixed(1)} %)` : `${x.wire} (no gzip)`;
    console.log(
      `| ${name} | ${pm} | ${median(x.plain).toFixed(0)} (${spread(x.plain)}) | ${median(x.gzip).toFixed(0)} (${spread(x.gzip)}) | ${x.text} | ${ratio} | ${median(x.stall).toFixed(1)} |`,
    );
  }
} finally {
  for (const t of targets) t.child.kill('SIGKILL');
}
