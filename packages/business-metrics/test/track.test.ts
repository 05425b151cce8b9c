import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addToCart,
  checkout,
  configureBusinessMetrics,
  declareEvents,
  pageView,
  purchase,
  signup,
  trackAction,
  trackEvent,
} from '../src/index.ts';
import { freshInstrumentation, seriesOf } from './helpers/registry.ts';

test('the typed helpers count the standard events and purchase adds its revenue', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  pageView();
  pageView();
  signup();
  addToCart();
  checkout();
  purchase({ amount: 19.99, currency: 'EUR' });
  assert.deepEqual(seriesOf(events), {
    '{"event":"page_view"}': 2,
    '{"event":"signup"}': 1,
    '{"event":"add_to_cart"}': 1,
    '{"event":"checkout"}': 1,
    '{"event":"purchase"}': 1,
  });
  assert.deepEqual(seriesOf(revenue), { '{"currency":"EUR"}': 19.99 });
});

test('trackAction counts a sync success and returns its result', (t) => {
  const { events } = freshInstrumentation(t);
  assert.equal(
    trackAction('export_report', () => 42),
    42,
  );
  assert.deepEqual(seriesOf(events), { '{"event":"export_report"}': 1 });
});

test('trackAction counts a sync failure as <name>_failed with the error type and rethrows it', (t) => {
  const { events } = freshInstrumentation(t);
  const boom = new RangeError('no');
  assert.throws(
    () =>
      trackAction('export_report', () => {
        throw boom;
      }),
    (err) => err === boom,
  );
  assert.deepEqual(seriesOf(events), { '{"error.type":"RangeError","event":"export_report_failed"}': 1 });
});

test('trackAction waits for a promise: success with revenue from the result, rejection with its code', async (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const order = await trackAction(
    'purchase',
    async () => ({ total: 30, currency: 'USD' }),
    (o) => ({ value: o.total, currency: o.currency }),
  );
  assert.equal(order.total, 30);
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  await assert.rejects(
    trackAction('purchase', () => Promise.reject(refused)),
    (err) => err === refused,
  );
  assert.deepEqual(seriesOf(events), {
    '{"event":"purchase"}': 1,
    '{"error.type":"ECONNREFUSED","event":"purchase_failed"}': 1,
  });
  assert.deepEqual(seriesOf(revenue), { '{"currency":"USD"}': 30 });
});

test('trackAction returns a query-builder thenable unrun and uncounted, with a warning', (t) => {
  const { inst, events } = freshInstrumentation(t);
  const once = t.mock.method(inst.log, 'once');
  let ran = 0;
  const builder = {
    // biome-ignore lint/suspicious/noThenProperty: a query builder is exactly this
    then(resolve: (v: number) => void) {
      ran++;
      resolve(1);
    },
  };
  assert.equal(
    trackAction('purchase', () => builder),
    builder,
  );
  assert.equal(ran, 0, 'the query did not run');
  assert.deepEqual(seriesOf(events), {});
  assert.match(String(once.mock.calls[0]?.arguments[1]), /trackAction\('purchase'\)/);
});

test('nothing a caller passes makes the API throw', (t) => {
  const { events } = freshInstrumentation(t);
  const junk: unknown[] = [null, undefined, 5, {}, [], 'x'.repeat(1000), Symbol('s')];
  for (const j of junk) {
    assert.doesNotThrow(() => trackEvent(j as string, j as never));
    assert.doesNotThrow(() => purchase(j as never));
    assert.doesNotThrow(() => pageView(j as never));
    assert.doesNotThrow(() => declareEvents([j as string], { currencies: [j as string] }));
  }
  assert.doesNotThrow(() => trackEvent('ok', { attributes: { a: { nested: true } as never } }));
  // Purchases with a bad amount count as purchases, without revenue.
  assert.equal(seriesOf(events)['{"event":"purchase"}'], junk.length);
});

test('configureBusinessMetrics sets the attribute allow-list for later events', (t) => {
  const { events } = freshInstrumentation(t);
  configureBusinessMetrics({ attributes: ['channel'] });
  t.after(() => configureBusinessMetrics({}));
  pageView({ channel: 'ads', user_id: 'u-123' });
  assert.deepEqual(seriesOf(events), { '{"channel":"ads","event":"page_view"}': 1 });
});
