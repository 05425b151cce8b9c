import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';
import { serializeExposition } from '../../src/export/exposition.ts';
import { CUMULATIVE, DATA_POINT_TYPE } from '../../src/export/metricProducer.ts';
import { RegistryMeterProvider } from '../../src/registry/meterProvider.ts';
import { Registry } from '../../src/registry/registry.ts';

async function text(reg: Registry, serviceName = 'svc'): Promise<string> {
  return reg.read(async (xs) => {
    let out = '';
    for await (const chunk of serializeExposition(xs, { serviceName, chunkSeries: 2 })) out += chunk;
    return out;
  });
}

describe('Prometheus exposition', () => {
  it('writes cumulative buckets, sum and count with service_name first', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const h = reg.fromSpec(HTTP_SERVER_DURATION);
    const s = h.seriesFor(['GET', '/a', '200', '']);
    h.observe(s, 0.004);
    h.observe(s, 0.02);
    const t = await text(reg);
    assert.match(t, /# TYPE http_server_request_duration_seconds histogram/);
    assert.match(
      t,
      /_bucket\{service_name="svc",http_request_method="GET",http_route="\/a",http_response_status_code="200",le="0.005"\} 1\n/,
    );
    assert.match(t, /le="0.025"\} 2\n/);
    assert.match(t, /le="\+Inf"\} 2\n/);
    assert.match(t, /_count\{service_name="svc",[^}]*\} 2\n/);
  });

  it('escapes quotes, backslashes and newlines in label values so a hostile route cannot forge a series', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    new RegistryMeterProvider(reg).getMeter().createCounter('c').add(1, { route: 'a"b\\c\nd' });
    const t = await text(reg, 'x"y');
    assert.ok(t.includes('c_total{service_name="x\\"y",route="a\\"b\\\\c\\nd"} 1\n'), t);
  });

  it('merges attributes that map to one label name and keeps a histogram attribute off le', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const meter = new RegistryMeterProvider(reg).getMeter();
    meter.createCounter('jobs').add(1, { 'a.b': 'x', a_b: 'y' });
    meter
      .createHistogram('wait', { unit: 's', advice: { explicitBucketBoundaries: [1] } })
      .record(0.5, { le: 'oops' });
    const t = await text(reg);
    assert.ok(t.includes('jobs_total{service_name="svc",a_b="x;y"} 1\n'), t);
    assert.ok(t.includes('wait_seconds_bucket{service_name="svc",attr_le="oops",le="1"} 1\n'), t);
    assert.equal(/,(\w+)="[^"]*",\1=/.test(t), false, 'no series repeats a label name');
  });

  it('names counters _total, up-down counters gauges, and ratios _ratio', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const meter = new RegistryMeterProvider(reg).getMeter();
    meter.createCounter('jobs', { unit: '{job}' }).add(1);
    meter.createUpDownCounter('inflight').add(3);
    meter.createGauge('busy', { unit: '1' }).record(0.5);
    const t = await text(reg);
    assert.match(t, /# TYPE jobs_total counter\njobs_total\{service_name="svc"\} 1/);
    assert.match(t, /# TYPE inflight gauge\ninflight\{service_name="svc"\} 3/);
    assert.match(t, /# TYPE busy_ratio gauge\nbusy_ratio\{service_name="svc"\} 0.5/);
  });

  it('uses the same enum values as the OpenTelemetry SDK it hands data to', () => {
    assert.equal(DATA_POINT_TYPE.HISTOGRAM, DataPointType.HISTOGRAM);
    assert.equal(DATA_POINT_TYPE.GAUGE, DataPointType.GAUGE);
    assert.equal(DATA_POINT_TYPE.SUM, DataPointType.SUM);
    assert.equal(CUMULATIVE, AggregationTemporality.CUMULATIVE);
  });
});
