import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BusinessRecorder } from '../src/businessRecorder.ts';
import { freshInstrumentation, seriesOf, warnings } from './helpers/registry.ts';

test('counts each event by name and adds revenue by currency', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const r = new BusinessRecorder(events, revenue, () => {});
  for (let i = 0; i < 3; i++) r.record('page_view');
  r.record('purchase', { value: 12.5, currency: 'USD' });
  r.record('purchase', { value: 7.5, currency: 'usd' });
  r.record('purchase', { value: 3, currency: 'EUR' });
  assert.deepEqual(seriesOf(events), { '{"event":"page_view"}': 3, '{"event":"purchase"}': 3 });
  assert.deepEqual(seriesOf(revenue), { '{"currency":"USD"}': 20, '{"currency":"EUR"}': 3 });
});

test('drops invalid event names with one warning and never throws', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn);
  for (const bad of [
    'PageView',
    '1st',
    '',
    'has space',
    'a'.repeat(65),
    undefined as unknown as string,
    42 as unknown as string,
  ]) {
    r.record(bad);
  }
  r.record('ok_event');
  assert.deepEqual(seriesOf(events), { '{"event":"ok_event"}': 1 });
  assert.deepEqual(new Set(told.map((w) => w.key)), new Set(['business:event-name']));
  assert.match(told[0]!.message, /PageView.*invalid/);
});

test('folds new event names past the limit into _overflow instead of growing series', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn, { maxEventNames: 5 });
  for (let i = 0; i < 10_000; i++) r.record(`event_${i}`);
  r.record('event_0');
  const s = seriesOf(events);
  assert.equal(Object.keys(s).length, 6);
  assert.equal(s['{"event":"_overflow"}'], 9_995);
  assert.equal(s['{"event":"event_0"}'], 2);
  // One key: the instrumentation's log.once prints it once, however many names overflow.
  assert.deepEqual(new Set(told.map((w) => w.key)), new Set(['business:event-limit']));
});

test('drops negative, NaN and infinite values but still counts the event', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn);
  r.record('purchase', { value: -5, currency: 'USD' });
  r.record('purchase', { value: Number.NaN, currency: 'USD' });
  r.record('purchase', { value: Number.POSITIVE_INFINITY, currency: 'USD' });
  r.record('purchase', { value: '9' as unknown as number, currency: 'USD' });
  assert.deepEqual(seriesOf(events), { '{"event":"purchase"}': 4 });
  assert.deepEqual(seriesOf(revenue), {});
  assert.ok(told.every((w) => w.key === 'business:value'));
  assert.match(told[0]!.message, /-5.*dropped.*still counts/);
});

test('drops revenue without a valid currency, and currencies past the limit', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn, { maxCurrencies: 2 });
  r.record('purchase', { value: 10 });
  r.record('purchase', { value: 10, currency: 'dollars' });
  r.record('purchase', { value: 10, currency: 'USD' });
  r.record('purchase', { value: 10, currency: 'EUR' });
  r.record('purchase', { value: 10, currency: 'GBP' });
  assert.deepEqual(seriesOf(revenue), { '{"currency":"USD"}': 10, '{"currency":"EUR"}': 10 });
  assert.deepEqual(
    told.map((w) => w.key),
    ['business:currency-missing', 'business:currency-invalid', 'business:currency-limit'],
  );
  assert.equal(seriesOf(events)['{"event":"purchase"}'], 5);
});

test('keeps only allow-listed attributes and bounds their distinct values', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn, { attributes: ['plan'], maxAttributeValues: 3 });
  for (let i = 0; i < 10_000; i++)
    r.record('signup', { attributes: { plan: `plan_${i % 5000}`, campaign: 'x' } });
  const s = seriesOf(events);
  assert.deepEqual(Object.keys(s).sort(), [
    '{"event":"signup","plan":"_overflow"}',
    '{"event":"signup","plan":"plan_0"}',
    '{"event":"signup","plan":"plan_1"}',
    '{"event":"signup","plan":"plan_2"}',
  ]);
  assert.equal(
    Object.values(s).reduce((a, b) => a + b, 0),
    10_000,
  );
  assert.ok(told.some((w) => w.key === 'business:attribute-not-allowed' && /campaign/.test(w.message)));
  assert.ok(told.some((w) => w.key === 'business:attribute-overflow:plan'));
});

test('refuses identifier-like attribute keys even when allow-listed', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const { told, warn } = warnings();
  const r = new BusinessRecorder(events, revenue, warn, {
    attributes: ['user_id', 'orderId', 'email', 'customer', 'event', 'paid', 'plan'],
  });
  r.record('purchase', {
    attributes: {
      user_id: 'u1',
      orderId: 'o1',
      email: 'a@b',
      customer: 'c',
      event: 'x',
      paid: true,
      plan: 'pro',
    },
  });
  assert.deepEqual(seriesOf(events), { '{"event":"purchase","paid":"true","plan":"pro"}': 1 });
  const refused = told.filter((w) => w.key.startsWith('business:identifier:')).map((w) => w.key);
  assert.deepEqual(refused, [
    'business:identifier:user_id',
    'business:identifier:orderId',
    'business:identifier:email',
    'business:identifier:customer',
  ]);
  assert.ok(told.some((w) => w.key === 'business:reserved:event'));
});

test('records a failure as <name>_failed with its error type', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const r = new BusinessRecorder(events, revenue, () => {});
  r.recordFailure('checkout_failed', 'ECONNREFUSED');
  r.recordFailure('checkout_failed', 'ECONNREFUSED');
  assert.deepEqual(seriesOf(events), { '{"error.type":"ECONNREFUSED","event":"checkout_failed"}': 2 });
});

test('declares event and revenue series at zero so the first event is an increase', (t) => {
  const { events, revenue } = freshInstrumentation(t);
  const r = new BusinessRecorder(events, revenue, () => {});
  r.declare(['page_view', 'purchase'], ['USD']);
  assert.deepEqual(seriesOf(events), { '{"event":"page_view"}': 0, '{"event":"purchase"}': 0 });
  assert.deepEqual(seriesOf(revenue), { '{"currency":"USD"}': 0 });
});
