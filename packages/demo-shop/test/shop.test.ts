import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { BusinessEvents } from '../src/businessEvents.ts';
import { createShop } from '../src/shop.ts';
import { TrafficGenerator } from '../src/trafficGenerator.ts';

function recorder() {
  const seen: string[] = [];
  const revenue: number[] = [];
  const events: BusinessEvents = {
    pageView: () => seen.push('page_view'),
    signup: () => seen.push('signup'),
    addToCart: () => seen.push('add_to_cart'),
    checkout: () => seen.push('checkout'),
    purchase: (o) => {
      seen.push('purchase');
      revenue.push(o.amount);
    },
  };
  return { seen, revenue, events };
}

async function start(events: BusinessEvents) {
  const { server } = createShop({ events });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const post = (url: string, body?: unknown) =>
  fetch(url, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

test('a customer adds to cart and checks out: an order, a checkout and a purchase with its amount', async (t) => {
  const rec = recorder();
  const shop = await start(rec.events);
  t.after(shop.close);
  assert.equal((await fetch(`${shop.url}/api/products/p2`)).status, 200);
  assert.equal((await post(`${shop.url}/api/cart/ana`, { productId: 'p2', quantity: 2 })).status, 200);
  const res = await post(`${shop.url}/api/checkout/ana`);
  assert.equal(res.status, 201);
  const order = (await res.json()) as { total: number; currency: string };
  assert.deepEqual(order.total, 48);
  assert.deepEqual(rec.seen, ['page_view', 'add_to_cart', 'checkout', 'purchase']);
  assert.deepEqual(rec.revenue, [48]);
  const orders = (await (await fetch(`${shop.url}/api/orders/ana`)).json()) as unknown[];
  assert.equal(orders.length, 1);
});

test('with every payment failing, checkout answers 503, keeps the cart and records no purchase', async (t) => {
  const rec = recorder();
  const shop = await start(rec.events);
  t.after(shop.close);
  assert.equal((await post(`${shop.url}/admin/faults`, { latencyMs: 0, errorRatio: 1 })).status, 200);
  await post(`${shop.url}/api/cart/bo`, { productId: 'p1' });
  assert.equal((await post(`${shop.url}/api/checkout/bo`)).status, 503);
  assert.equal((await post(`${shop.url}/api/checkout/bo`)).status, 503, 'the cart is still there to retry');
  assert.ok(!rec.seen.includes('purchase'));
});

test('bad requests are answered 4xx, not 5xx, so they never count as the shop failing', async (t) => {
  const shop = await start(recorder().events);
  t.after(shop.close);
  assert.equal((await fetch(`${shop.url}/api/products/nope`)).status, 404);
  assert.equal((await post(`${shop.url}/api/checkout/empty`)).status, 400);
  assert.equal((await post(`${shop.url}/api/cart/x`, { productId: 'zzz' })).status, 400);
  assert.equal((await fetch(`${shop.url}/api/cart/x`, { method: 'POST', body: '{oops' })).status, 400);
  assert.equal((await post(`${shop.url}/admin/faults`, { latencyMs: 1, errorRatio: 7 })).status, 400);
});

/** Polls `check` every 20 ms; fails with `what()` after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(what());
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the traffic generator ends most journeys in a purchase and turns injected faults into failures', async (t) => {
  const shop = await start(recorder().events);
  t.after(shop.close);
  const gen = new TrafficGenerator({ baseUrl: shop.url, journeysPerSecond: 20 });
  t.after(() => gen.stop());
  gen.start();
  // Past a dozen purchases every kind of journey has run (every 10th signs up, every 4th reads its orders).
  await until(
    () => gen.stats.purchases > 12,
    10_000,
    () => `purchases ${gen.stats.purchases}`,
  );
  assert.equal(gen.stats.failures, 0);
  await gen.setFaults({ latencyMs: 0, errorRatio: 1 });
  const before = gen.stats.failures;
  await until(
    () => gen.stats.failures > before,
    10_000,
    () => 'failed checkouts are counted',
  );
  await gen.stop();
});
