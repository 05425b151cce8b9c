import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { RegistryMeterProvider } from '../../src/registry/meterProvider.ts';
import { Registry } from '../../src/registry/registry.ts';

describe('Registry', () => {
  it('aggregates a histogram per attribute set with inclusive upper bounds', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const h = reg.fromSpec(HTTP_SERVER_DURATION);
    const s = h.seriesFor(['GET', '/a', '200', '']);
    for (const v of [0.005, 0.006, 0.5, 20]) h.observe(s, v);
    assert.equal(h.seriesFor(['GET', '/a', '200', '']), s, 'same values, same series');
    assert.deepEqual(s.counts!.slice(0, 2), [1, 1]);
    assert.equal(s.counts!.at(-1), 1, 'above the last boundary goes to +Inf');
    assert.equal(s.count, 4);
    assert.deepEqual(s.attributes, {
      'http.request.method': 'GET',
      'http.route': '/a',
      'http.response.status_code': '200',
    });
  });

  it('folds attribute sets past the cardinality limit into one overflow series and says so once', () => {
    const told: string[] = [];
    const reg = new Registry({ cardinalityLimit: 3, onOverflow: (name) => told.push(name) });
    const c = reg.fromSpec({ ...HTTP_SERVER_DURATION, kind: 'counter', name: 'x' });
    for (let i = 0; i < 10; i++) c.add(c.seriesFor([String(i)]), 1);
    assert.equal(c.series.size, 3);
    const overflow = [...c.series.values()].find((s) => s.attributes['otel.metric.overflow'] === true);
    assert.equal(overflow?.value, 8);
    assert.deepEqual(told, ['x']);
  });

  it('finds a series by its values whatever their number, and past the limit keeps no index of new sets', () => {
    const reg = new Registry({ cardinalityLimit: 4 });
    const c = reg.fromSpec({ ...HTTP_SERVER_DURATION, kind: 'counter', name: 'y' });
    const four = c.seriesFor(['GET', '/a', '200', '']);
    const three = c.seriesFor(['GET', '/a', '200']);
    assert.notEqual(four, three, 'a prefix of values is its own series');
    assert.deepEqual([three.value, three.attributes['http.route']], [0, '/a']);
    assert.equal(c.seriesFor(['GET', '/a', '200', '']), four);
    assert.equal(c.seriesFor(['GET', '/a', '200']), three);
    assert.equal(c.seriesFor([]), c.seriesFor([]), 'no values: one series');
    const overflow = c.seriesFor(['POST', '/b', '500', '']);
    assert.equal(overflow.attributes['otel.metric.overflow'], true);
    assert.equal(
      c.seriesFor(['POST', '/c', '500', '']),
      overflow,
      'every new set folds into the one overflow series',
    );
    assert.equal(c.seriesFor(['GET', '/a', '200', '']), four, 'known series are still found past the limit');
  });

  it('serves the OpenTelemetry metrics API: observables refill at each collection', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const meter = new RegistryMeterProvider(reg).getMeter();
    let value = 1;
    meter
      .createObservableGauge('queue.depth', { unit: '{item}' })
      .addCallback((r) => r.observe(value, { q: 'a' }));
    const counter = meter.createCounter('jobs.done');
    counter.add(2, { kind: 'x' });
    counter.add(-5, { kind: 'x' });
    const first = await reg.read((xs) =>
      xs.map((i) => [i.descriptor.name, [...i.series.values()].map((s) => s.value)]),
    );
    value = 7;
    const second = await reg.read((xs) => xs.find((i) => i.descriptor.name === 'queue.depth')!.series.size);
    assert.deepEqual(first, [
      ['queue.depth', [1]],
      ['jobs.done', [2]],
    ]);
    assert.equal(second, 1);
  });

  it('keeps an observed series from one collection to the next, and drops one no longer observed', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const meter = new RegistryMeterProvider(reg).getMeter();
    let queues = ['a', 'b'];
    meter.createObservableGauge('queue.depth').addCallback((r) => {
      for (const [i, q] of queues.entries()) r.observe(i + queues.length, { q });
    });
    const read = () =>
      reg.read((xs) => new Map([...xs[0]!.series.values()].map((s) => [s.attributes.q, s] as const)));
    const first = await read();
    queues = ['a'];
    const second = await read();
    assert.deepEqual([...second.keys()], ['a']);
    assert.equal(second.get('a')!.value, 1);
    // The same series, not a new one per collection: what lives across scrapes grows V8's heap.
    assert.equal(second.get('a'), first.get('a'));
  });

  it('keeps collecting when an observable callback throws, and reports it', async () => {
    const errors: unknown[] = [];
    const reg = new Registry({ cardinalityLimit: 100, onCallbackError: (e) => errors.push(e) });
    const meter = new RegistryMeterProvider(reg).getMeter();
    meter.createObservableGauge('bad').addCallback(() => {
      throw new Error('broken');
    });
    meter.createObservableGauge('good').addCallback((r) => r.observe(1));
    const names = await reg.read((xs) => xs.map((i) => i.descriptor.name));
    assert.deepEqual(names, ['good']);
    assert.equal(errors.length, 1);
  });
});
