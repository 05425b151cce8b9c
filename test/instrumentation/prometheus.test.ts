import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningPrometheus, startPrometheus } from '../../packages/alerting/test/helpers/prometheus.ts';
import { type RunningApp, startApp } from '../../packages/instrumentation/test/helpers/app.ts';
import { binary } from '../kit/binaries.ts';

describe('a real Prometheus scraping an app under the preload', () => {
  let app: RunningApp;
  let prom: RunningPrometheus;

  before(async () => {
    app = await startApp('plain.cjs', { env: { OTEL_SERVICE_NAME: 'scraped' } });
    prom = await startPrometheus({ binary: binary('prometheus'), targets: [new URL(app.metricsUrl).host] });
    // 40 fast requests and 10 slow ones (120 ms): p50 must be fast, p95 slow.
    for (let i = 0; i < 40; i++) await fetch(`${app.url}/api/users/${i}`).then((r) => r.text());
    await Promise.all(Array.from({ length: 10 }, () => fetch(`${app.url}/slow`).then((r) => r.text())));
    await prom.waitFor(
      'sum(http_server_request_duration_seconds_count{service_name="scraped"})',
      (v) => v >= 50,
      20_000,
    );
  });
  after(async () => {
    await prom?.stop();
    await app?.stop();
  });

  it('finds every series under service_name without a join through target_info', async () => {
    const r = await prom.query('count by (service_name) (http_server_request_duration_seconds_count)');
    assert.deepEqual(
      r.map((x) => x.metric.service_name),
      ['scraped'],
    );
  });

  it('answers histogram_quantile with the shape of the traffic', async () => {
    const q = (p: number) =>
      `histogram_quantile(${p}, sum by (le) (http_server_request_duration_seconds_bucket{service_name="scraped"}))`;
    const [p50] = await prom.query(q(0.5));
    const [p95] = await prom.query(q(0.95));
    const fast = Number(p50!.value[1]);
    const slow = Number(p95!.value[1]);
    assert.ok(fast < 0.025, `p50 ${fast}s should be in the fast buckets`);
    assert.ok(slow >= 0.1 && slow <= 0.25, `p95 ${slow}s should land in the 0.1-0.25 s bucket`);
  });

  it('splits traffic by route template', async () => {
    const r = await prom.query(
      'sum by (http_route) (http_server_request_duration_seconds_count{service_name="scraped"})',
    );
    const byRoute = Object.fromEntries(r.map((x) => [x.metric.http_route, Number(x.value[1])]));
    assert.equal(byRoute['/api/users/:id'], 40);
    assert.equal(byRoute['/slow'], 10);
  });
});
