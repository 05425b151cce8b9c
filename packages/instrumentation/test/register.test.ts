import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  eventually,
  find,
  freePort,
  parseExposition,
  type RunningApp,
  startApp,
  total,
} from './helpers/app.ts';

const run = promisify(execFile);
const DURATION = 'http_server_request_duration_seconds';

async function get(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, init);
  await res.text();
  return res.status;
}

describe('node --require on a plain node:http app', () => {
  let app: RunningApp;
  before(async () => {
    app = await startApp('plain.cjs');
    for (const id of [1, 2, 3]) await get(`${app.url}/api/users/${id}?q=x`);
    await get(`${app.url}/api/users/7f3c9a1e-2b4d-4c6e-9f10-1234567890ab`);
    await get(`${app.url}/missing`);
    await get(`${app.url}/fail`);
    await get(`${app.url}/fail`);
    await get(`${app.url}/slow`);
    // Aborted by the client after 100 ms.
    await fetch(`${app.url}/hang`, { signal: AbortSignal.timeout(100) }).catch(() => {});
    await get(`${app.url}/call?closed=${await freePort()}`);
    // The aborted request is recorded when the server sees the socket close.
    await eventually('the aborted request to be recorded', async () =>
      (await app.scrape()).includes('error_type="aborted"'),
    );
  });
  after(() => app.stop());

  it('logs one line saying where metrics are served', () => {
    const lines = app
      .stderr()
      .split('\n')
      .filter((l) => l.includes('golden-signals'));
    assert.equal(lines.length, 1, app.stderr());
    assert.match(lines[0]!, /serving metrics of service "fixture" at http:\/\/127\.0\.0\.1:\d+\/metrics/);
  });

  it('records latency as a seconds histogram by method, route template and status', async () => {
    const s = parseExposition(await app.scrape());
    const users = {
      http_request_method: 'GET',
      http_route: '/api/users/:id',
      http_response_status_code: '200',
    };
    assert.equal(total(s, `${DURATION}_count`, users), 4, 'ids and uuids fold into one route');
    const buckets = find(s, `${DURATION}_bucket`, users);
    assert.equal(buckets.length, 15, '14 semconv boundaries plus +Inf');
    assert.deepEqual(buckets.map((b) => b.labels.le).slice(0, 3), ['0.005', '0.01', '0.025']);
    assert.equal(buckets.at(-1)!.value, 4);
    const slow = { http_route: '/slow' };
    assert.ok(total(s, `${DURATION}_sum`, slow) >= 0.1, 'the slow route took its 120 ms');
    assert.equal(total(s, `${DURATION}_bucket`, { ...slow, le: '0.1' }), 0);
    assert.equal(total(s, `${DURATION}_bucket`, { ...slow, le: '0.25' }), 1);
    for (const sample of s)
      assert.equal(sample.labels.service_name, 'fixture', `${sample.name} lacks service_name`);
  });

  it('marks 5xx and aborted requests with error.type and leaves 4xx alone', async () => {
    const s = parseExposition(await app.scrape());
    assert.equal(total(s, `${DURATION}_count`, { http_route: '/fail', error_type: '503' }), 2);
    const missing = find(s, `${DURATION}_count`, { http_route: '/missing' });
    assert.equal(missing.length, 1);
    assert.equal(missing[0]!.labels.error_type, undefined);
    assert.equal(missing[0]!.labels.http_response_status_code, '404');
    assert.equal(total(s, `${DURATION}_count`, { http_route: '/hang', error_type: 'aborted' }), 1);
  });

  it('counts errors by type and error_severity class, never with a severity label', async () => {
    const s = parseExposition(await app.scrape());
    assert.equal(
      total(s, 'app_errors_total', { error_type: '503', error_source: 'http.server', error_severity: 'low' }),
      2,
    );
    assert.equal(
      total(s, 'app_errors_total', {
        error_type: 'ECONNREFUSED',
        error_source: 'http.client',
        error_severity: 'high',
      }),
      1,
    );
    assert.ok(s.every((x) => x.labels.severity === undefined));
  });

  it('records outgoing fetch and node:http calls as client latency', async () => {
    const s = parseExposition(await app.scrape());
    assert.equal(total(s, 'http_client_request_duration_seconds_count', { error_type: 'ECONNREFUSED' }), 1);
    assert.equal(
      total(s, 'http_client_request_duration_seconds_count', {
        server_address: '127.0.0.1',
        http_response_status_code: '200',
      }),
      1,
    );
  });

  it('tracks requests in flight and returns to zero', async () => {
    const s = parseExposition(await app.scrape());
    assert.equal(total(s, 'http_server_active_requests', { http_request_method: 'GET' }), 0);
  });

  it('produces output promtool check metrics accepts without a complaint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gs-promtool-'));
    try {
      const file = join(dir, 'metrics.txt');
      await writeFile(file, await app.scrape());
      const { stdout, stderr } = await run('sh', ['-c', `promtool check metrics < ${file}`]).catch(
        (e: { stdout: string; stderr: string }) => e,
      );
      assert.equal(`${stdout}${stderr}`.trim(), '');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('node --import on an ES module app', () => {
  it('instruments the app with the same flag semantics', async () => {
    const app = await startApp('plain.mjs', { flag: '--import' });
    try {
      await get(`${app.url}/a/1`);
      await get(`${app.url}/fail`);
      const s = parseExposition(await app.scrape());
      assert.equal(
        total(s, `${DURATION}_count`, { http_route: '/a/:id', http_response_status_code: '200' }),
        1,
      );
      assert.equal(total(s, `${DURATION}_count`, { http_route: '/fail', error_type: '500' }), 1);
    } finally {
      await app.stop();
    }
  });

  it('does nothing twice when the preload is given twice', async () => {
    const app = await startApp('plain.mjs', {
      flag: '--import',
      args: [],
      env: { NODE_OPTIONS: `--require ${(await import('./helpers/app.ts')).REGISTER}` },
    });
    try {
      await get(`${app.url}/x`);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, `${DURATION}_count`, { http_route: '/x' }), 1, 'one request counted once');
      assert.equal(
        app
          .stderr()
          .split('\n')
          .filter((l) => l.includes('serving metrics')).length,
        1,
      );
    } finally {
      await app.stop();
    }
  });
});

describe('GC pauses', () => {
  const GC = 'v8js_gc_duration_seconds';
  /** Scrapes once (host metrics start at the first collection), makes garbage, scrapes until runtime metrics show. */
  async function scrapeAfterGarbage(app: RunningApp): Promise<ReturnType<typeof parseExposition>> {
    await app.scrape();
    await get(`${app.url}/garbage`);
    let s = parseExposition(await app.scrape());
    await eventually('runtime metrics are served', async () => {
      s = parseExposition(await app.scrape());
      return find(s, 'nodejs_eventloop_utilization_ratio').length > 0;
    });
    return s;
  }

  it('are not recorded by default: observing GCs grows V8 young generation', async () => {
    const app = await startApp('plain.cjs');
    try {
      const s = await scrapeAfterGarbage(app);
      assert.deepEqual(find(s, `${GC}_count`), []);
    } finally {
      await app.stop();
    }
  });

  it('are recorded by kind with GOLDEN_SIGNALS_GC_PAUSES=true', async () => {
    const app = await startApp('plain.cjs', { env: { GOLDEN_SIGNALS_GC_PAUSES: 'true' } });
    try {
      await scrapeAfterGarbage(app);
      await get(`${app.url}/garbage`);
      await eventually('scavenges are counted', async () => {
        const s = parseExposition(await app.scrape());
        return total(s, `${GC}_count`, { v8js_gc_type: 'minor' }) > 0;
      });
    } finally {
      await app.stop();
    }
  });
});

describe("the app's own OpenTelemetry instruments", () => {
  it('are served with the golden signals when made with metrics.getMeter() at load time', async () => {
    const app = await startApp('own-meter.cjs');
    try {
      await get(`${app.url}/order`);
      await get(`${app.url}/order`);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, 'shop_orders_total', { payment_method: 'card', service_name: 'fixture' }), 2);
      assert.equal(total(s, `${DURATION}_count`), 2, 'and the requests are still recorded');
    } finally {
      await app.stop();
    }
  });

  it('stay with the app when GOLDEN_SIGNALS_GLOBAL_METER_PROVIDER=false', async () => {
    const app = await startApp('own-meter.cjs', { env: { GOLDEN_SIGNALS_GLOBAL_METER_PROVIDER: 'false' } });
    try {
      await get(`${app.url}/order`);
      const s = parseExposition(await app.scrape());
      assert.deepEqual(find(s, 'shop_orders_total'), []);
      assert.equal(total(s, `${DURATION}_count`), 1);
    } finally {
      await app.stop();
    }
  });
});
