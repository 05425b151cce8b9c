/**
 * End to end: a shop under the preload emits a known sequence of business events, a real
 * Prometheus scrapes it every second and evaluates the committed deploy/prometheus/rules/business.yml,
 * and the recorded conversion, abandonment, revenue and revenue at risk match the sequence.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUSINESS_RULE_WINDOWS, BUSINESS_RULES } from '@golden-signals/conventions';
import { binary } from '../../../test/kit/binaries.ts';
import { startPrometheus } from '../../alerting/test/helpers/prometheus.ts';
import { startApp } from '../../instrumentation/test/helpers/app.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const RULES = readFileSync(join(HERE, '../../../deploy/prometheus/rules/business.yml'), 'utf8');
/** startApp resolves fixtures against the instrumentation's fixture folder. */
const SHOP = '../../../business-metrics/test/fixtures/shop.cjs';

/** Ratios of the same scrapes are exact up to float rounding; rates of separate queries drift a little. */
const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.abs(expected),
    `${actual} is not within ${tolerance * 100}% of ${expected}`,
  );

test('Prometheus evaluates the generated rules to the conversion, abandonment and revenue of a known sequence', {
  timeout: 60_000,
}, async (t) => {
  const app = await startApp(SHOP, {
    env: { OTEL_SERVICE_NAME: 'shop', GOLDEN_SIGNALS_HOST_METRICS: 'false' },
  });
  t.after(() => app.stop());
  const target = new URL(app.metricsUrl).host;
  const prom = await startPrometheus({
    binary: binary('prometheus'),
    targets: [target],
    rules: { 'business.yml': RULES },
  });
  t.after(() => prom.stop());

  const checkout = (fail: boolean) =>
    fetch(`${app.url}/checkout${fail ? '?fail=1' : ''}`).then((r) => r.arrayBuffer());
  await Promise.all([checkout(true), checkout(false)]);
  // The zeroed event series and the checkout series exist in a scrape before anything happens.
  await prom.waitFor('business_events_total{service_name="shop",event="purchase"}', (v) => v === 0);
  await prom.waitFor(
    'http_server_request_duration_seconds_count{service_name="shop",error_type="503"}',
    (v) => v === 1,
  );

  await fetch(`${app.url}/emit`, { method: 'POST' }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 6; i++) await checkout(true);
  for (let i = 0; i < 10; i++) await checkout(false);
  await prom.waitFor('business_revenue_total{service_name="shop",currency="USD"}', (v) => v === 1475);
  await prom.waitFor(
    'http_server_request_duration_seconds_count{service_name="shop",error_type="503"}',
    (v) => v === 7,
  );
  // Every rule has seen the last scrape once the slowest-moving ones show the final figures (a
  // fixed sleep here flaked when evaluation lagged on a loaded machine).
  for (const w of BUSINESS_RULE_WINDOWS) {
    const near = (x: number) => (v: number) => Math.abs(v - x) < 1e-9;
    await prom.waitFor(
      `${BUSINESS_RULES.FUNNEL_CONVERSION[w]}{service_name="shop",funnel="shop"}`,
      near(50 / 1000),
      30_000,
    );
    await prom.waitFor(
      `${BUSINESS_RULES.AVERAGE_ORDER_VALUE[w]}{service_name="shop",currency="USD"}`,
      near(1475 / 50),
      30_000,
    );
    await prom.waitFor(`${BUSINESS_RULES.CHECKOUT_ERROR_RATE[w]}{service_name="shop"}`, (v) => v > 0, 30_000);
    // Revenue at risk reads two other rules, so it appears one evaluation after them.
    await prom.waitFor(
      `${BUSINESS_RULES.REVENUE_AT_RISK[w]}{service_name="shop",currency="USD"}`,
      (v) => v > 0,
      30_000,
    );
  }

  /** The single value of `promql`, now or at an evaluation `time` (seconds since the epoch). */
  const one = async (promql: string, time?: number): Promise<number> => {
    const res = await fetch(
      `${prom.url}/api/v1/query?query=${encodeURIComponent(promql)}${time ? `&time=${time}` : ''}`,
    );
    const body = (await res.json()) as { data?: { result: Array<{ value: [number, string] }> } };
    const result = body.data?.result ?? [];
    assert.equal(result.length, 1, `${promql} returned ${JSON.stringify(body)}`);
    return Number(result[0]!.value[1]);
  };
  const shop = 'service_name="shop",funnel="shop"';
  for (const w of BUSINESS_RULE_WINDOWS) {
    const step = (from: string, to: string) =>
      one(`${BUSINESS_RULES.STEP_CONVERSION[w]}{${shop},from_step="${from}",to_step="${to}"}`);
    close(await step('page_view', 'add_to_cart'), 200 / 1000, 1e-9);
    close(await step('add_to_cart', 'checkout'), 80 / 200, 1e-9);
    close(await step('checkout', 'purchase'), 50 / 80, 1e-9);
    close(await one(`${BUSINESS_RULES.FUNNEL_CONVERSION[w]}{${shop}}`), 50 / 1000, 1e-9);
    close(
      await one(`${BUSINESS_RULES.ABANDONMENT[w]}{${shop},from_step="add_to_cart",to_step="purchase"}`),
      1 - 50 / 200,
      1e-9,
    );
    close(
      await one(`${BUSINESS_RULES.STEP_CONVERSION[w]}{service_name="shop",funnel="signup"}`),
      30 / 1000,
      1e-9,
    );
    close(
      await one(`${BUSINESS_RULES.AVERAGE_ORDER_VALUE[w]}{service_name="shop",currency="USD"}`),
      1475 / 50,
      1e-9,
    );
    // Revenue per second against page views per second: both from the same scrapes.
    const revenuePerView = await one(
      `${BUSINESS_RULES.REVENUE_RATE[w]}{service_name="shop",currency="USD"} / on (service_name) ${BUSINESS_RULES.EVENT_RATE[w]}{service_name="shop",event="page_view"}`,
    );
    close(revenuePerView, 1475 / 1000, 1e-9);
    // Revenue at risk is failed checkouts per second times the day's average order value, read at
    // its own evaluation time so that both sides are the samples the rule multiplied.
    const atRisk = `${BUSINESS_RULES.REVENUE_AT_RISK[w]}{service_name="shop",currency="USD"}`;
    const errors = `${BUSINESS_RULES.CHECKOUT_ERROR_RATE[w]}{service_name="shop"}`;
    const when = await one(`timestamp(${atRisk})`);
    assert.ok((await one(errors, when)) > 0, `checkout errors per second over ${w} should be positive`);
    close(await one(`${atRisk} / on (service_name) group_left ${errors}`, when), 1475 / 50, 1e-9);
  }
  // The checkout error rate is the failed requests' rate on the checkout route: compared at the
  // rule's own evaluation time, where the two computations see the same samples.
  const rule = `${BUSINESS_RULES.CHECKOUT_ERROR_RATE['5m']}{service_name="shop"}`;
  const when = await one(`timestamp(${rule})`);
  const raw = await one(
    'sum(rate(http_server_request_duration_seconds_count{http_route="/checkout",error_type!=""}[5m]))',
    when,
  );
  assert.ok(raw > 0);
  close(await one(rule, when), raw, 1e-9);
});
