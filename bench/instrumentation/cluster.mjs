// Cost of one port for a whole cluster: a scrape of WORKERS workers with 1,000 histogram series
// each (the same routes in every worker, as a load-balanced app has), served by the primary's
// preload over HTTP; the owner's RSS for 1 and for N workers; the workers' event-loop delay p99
// while scraped back to back against the same span without scrapes.
// Usage: node bench/instrumentation/cluster.mjs [workers=8] [series=1000] [rounds=20]
import { execFileSync, spawn } from 'node:child_process';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { freePort, median, NODE, rssBytes, spread } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const workers = Number(process.argv[2] ?? 8);
const series = Number(process.argv[3] ?? 1000);
const rounds = Number(process.argv[4] ?? 20);

async function startCluster(n) {
  const port = await freePort();
  const child = spawn(
    NODE,
    ['--require', join(root, 'packages/instrumentation/dist/register.cjs'), join(here, '_cluster-app.cjs')],
    {
      env: {
        ...process.env,
        WORKERS: String(n),
        SERIES: String(series),
        OTEL_SERVICE_NAME: 'bench',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        GOLDEN_SIGNALS_HOST_METRICS: 'false',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const line = async (re) => {
    while (!re.test(out)) await new Promise((r) => setTimeout(r, 10));
    const m = re.exec(out);
    out = out.slice(m.index + m[0].length);
    return m;
  };
  await line(/ready (\d+)/);
  // RSS is read from the port's owner: the primary, unless a worker bound the port first
  // (seen under heavy load), which the table then says.
  const ss = execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString();
  const owner = Number(/pid=(\d+)/.exec(ss)?.[1]);
  if (owner !== child.pid) console.log(`note: the port's owner is worker pid ${owner}, not the primary`);
  return { child, owner, port, line, send: (s) => child.stdin.write(`${s}\n`) };
}

function scrape(port, gzip) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
    request({ host: '127.0.0.1', port, path: '/metrics', headers, agent: false }, (res) => {
      let text = 0;
      const body = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res;
      body.on('data', (d) => {
        text += d.length;
      });
      body.on('end', () => resolve({ ms: performance.now() - t0, text }));
      body.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function p99During(c, work, ms) {
  c.send('reset');
  const until = Date.now() + ms;
  while (Date.now() < until) await work();
  c.send('p99');
  return Number((await c.line(/p99 ([\d.]+)/))[1]);
}

/** The owner's RSS after 15 s of gzip scrapes once a second (a short Prometheus interval). */
async function steadyRss(cl) {
  for (let i = 0; i < 15; i++) {
    await scrape(cl.port, true);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return rssBytes(cl.owner);
}

const one = await startCluster(1);
const rssOne = await steadyRss(one);
one.child.kill('SIGKILL');

const c = await startCluster(workers);
try {
  // Same sequence as for one worker, before the back-to-back rounds below: RSS keeps its peak, so
  // reading it after them compared a hammered owner with a quiet one.
  const rssN = await steadyRss(c);
  const idle = await p99During(c, () => new Promise((r) => setTimeout(r, 50)), 4000);
  for (let i = 0; i < 3; i++) await scrape(c.port, false); // warm-up
  const plain = [];
  const gzip = [];
  let text = 0;
  for (let r = 0; r < rounds; r++) {
    const p = await scrape(c.port, false);
    plain.push(p.ms);
    text = p.text;
    gzip.push((await scrape(c.port, true)).ms);
  }
  const busy = await p99During(c, () => scrape(c.port, true), 4000);
  const rssAfter = rssBytes(c.owner);
  console.log(`\nOne port for a cluster: ${workers} workers x ${series} histogram series, ${rounds} rounds`);
  console.log('| measure | value |');
  console.log('|---|---|');
  console.log(`| scrape, plain, median ms (range) | ${median(plain).toFixed(1)} (${spread(plain)}) |`);
  console.log(`| scrape, gzip, median ms (range) | ${median(gzip).toFixed(1)} (${spread(gzip)}) |`);
  console.log(`| text bytes | ${text} |`);
  console.log(
    `| owner RSS: 1 worker -> ${workers} workers | ${(rssOne / 2 ** 20).toFixed(1)} -> ${(rssN / 2 ** 20).toFixed(1)} MB (${((rssN - rssOne) / 2 ** 20 / (workers - 1)).toFixed(2)} MB per extra worker) |`,
  );
  console.log(
    `| owner RSS after the ${2 * rounds + 3} back-to-back scrapes and 4 s of scrapes without pause | ${(rssAfter / 2 ** 20).toFixed(1)} MB |`,
  );
  console.log(
    `| workers' event-loop delay p99, no scrapes -> scraped back to back | ${idle} -> ${busy} ms |`,
  );
} finally {
  c.child.kill('SIGKILL');
}
