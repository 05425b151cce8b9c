import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEALTHY, INCIDENT_SCRIPT, parseFaults, phaseAt, QUICK_SCRIPT, withOutage } from '../src/incident.ts';

test('the scripted incident degrades, worsens, then recovers, each phase worse than the last until recovery', () => {
  assert.deepEqual(
    INCIDENT_SCRIPT.map((p) => p.name),
    ['baseline', 'degraded', 'outage', 'recovery'],
  );
  assert.equal(phaseAt(0).name, 'baseline');
  assert.equal(phaseAt(INCIDENT_SCRIPT[1]!.atMs).name, 'degraded');
  assert.equal(phaseAt(INCIDENT_SCRIPT[2]!.atMs + 1).name, 'outage');
  assert.deepEqual(phaseAt(10 * 60_000).faults, HEALTHY);
  const [, degraded, outage] = INCIDENT_SCRIPT;
  assert.ok(outage!.faults.errorRatio > degraded!.faults.errorRatio);
  assert.ok(outage!.faults.latencyMs > degraded!.faults.latencyMs);
});

test('the demo rules tiers sit between the phases: warning while degraded, critical during the outage', () => {
  // deploy/alerting/demo/rules/demo-shop.yml: warning 5 %, critical 20 %, recover 1 %.
  const [, degraded, outage] = INCIDENT_SCRIPT;
  assert.ok(degraded!.faults.errorRatio > 0.05 * 2 && degraded!.faults.errorRatio < 0.2 * 0.75);
  assert.ok(outage!.faults.errorRatio > 0.2 * 2);
});

test('faults from the admin endpoint are validated, not trusted', () => {
  assert.deepEqual(parseFaults({ latencyMs: 100, errorRatio: 0.5 }), { latencyMs: 100, errorRatio: 0.5 });
  assert.equal(parseFaults({ latencyMs: -1, errorRatio: 0 }), undefined);
  assert.equal(parseFaults({ latencyMs: 0, errorRatio: 2 }), undefined);
  assert.equal(parseFaults({ latencyMs: '5', errorRatio: 0 }), undefined);
  assert.equal(parseFaults(null), undefined);
});

test('--outage=N holds the critical phase for N seconds and leaves the other phases alone', () => {
  const long = withOutage(75);
  assert.equal(phaseAt(45_000 + 74_000, long).name, 'outage');
  assert.equal(phaseAt(45_000 + 75_000, long).name, 'recovery');
  assert.deepEqual(
    long.filter((p) => p.name !== 'recovery'),
    INCIDENT_SCRIPT.filter((p) => p.name !== 'recovery'),
  );
});

test('--quick plays the same faults sooner, keeping the baseline that fills the window and enough degraded time for warning', () => {
  assert.deepEqual(
    QUICK_SCRIPT.map((p) => [p.name, p.faults]),
    INCIDENT_SCRIPT.map((p) => [p.name, p.faults]),
  );
  const at = (name: string) => QUICK_SCRIPT.find((p) => p.name === name)!.atMs;
  assert.ok(at('outage') < INCIDENT_SCRIPT.find((p) => p.name === 'outage')!.atMs);
  // deploy/alerting/demo: 30 s windows, `for: 5s`, warning 5 %.
  assert.ok(at('degraded') >= 10_000, 'the baseline fills a third of the window with healthy traffic');
  const degradedMs = at('outage') - at('degraded');
  // The window then holds the baseline and x ms at 12 %: 0.12 x / (baseline + x) reaches 5 % at
  // x = 0.05 baseline / 0.07; then the 5 s `for`. Twice that, for a loaded machine.
  const degraded = QUICK_SCRIPT.find((p) => p.name === 'degraded')!.faults.errorRatio;
  const reachWarningMs = (0.05 * at('degraded')) / (degraded - 0.05);
  assert.ok(degradedMs >= 2 * (reachWarningMs + 5_000), `${degradedMs} ms degraded`);
  assert.equal(phaseAt(at('outage') + 60_000, withOutage(600, QUICK_SCRIPT)).name, 'outage');
});
