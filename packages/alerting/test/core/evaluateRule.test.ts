import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertEvent } from '../../src/alert.ts';
import type { AlertRecord } from '../../src/core/alertRecord.ts';
import { evaluateRule, type QueryOutcome } from '../../src/core/evaluateRule.ts';
import { fingerprint } from '../../src/core/identity.ts';
import { type Expanded, expandAlert, templateFuncs } from '../../src/core/template.ts';
import type { AlertingRule, SeveritySpec } from '../../src/types.ts';

const tiers: SeveritySpec = {
  tiers: [
    { severity: 'info', threshold: 0.02 },
    { severity: 'warning', threshold: 0.05 },
    { severity: 'critical', threshold: 0.1 },
  ],
  direction: 'above',
  recover: 0.015,
  context: [],
};

function rule(over: Partial<AlertingRule> = {}): AlertingRule {
  return {
    key: 'g/ErrorRate#0',
    name: 'ErrorRate',
    group: 'g',
    file: 'r.yml',
    line: 1,
    expr: 'x',
    forMs: 60_000,
    keepFiringForMs: 0,
    labels: { team: 'shop' },
    annotations: { summary: 'error ratio {{ $value | humanizePercentage }} on {{ $labels.service_name }}' },
    severity: tiers,
    ...over,
  };
}

/** Drives one rule through cycles with a fake clock (each step advances `stepMs`). */
function driver(r: AlertingRule, opts: { maxFlips?: number } = {}) {
  let records: AlertRecord[] = [];
  let now = 1_000_000;
  let holdNoData = false;
  const all: AlertEvent[] = [];
  return {
    holdNoData(on: boolean) {
      holdNoData = on;
    },
    step(
      value: number | null | 'fail',
      advanceMs = 15_000,
      context: Array<Array<{ labels: Record<string, string>; value: number }> | undefined> = [],
      expanded?: Expanded[],
    ) {
      now += advanceMs;
      const result: QueryOutcome =
        value === 'fail'
          ? { ok: false, error: 'timeout' }
          : { ok: true, samples: value === null ? [] : [{ labels: { service_name: 'shop' }, value }] };
      const out = evaluateRule({
        rule: r,
        previous: records,
        result,
        context,
        now,
        flap: { windowMs: 600_000, maxFlips: opts.maxFlips ?? 4 },
        resolvedRetentionMs: 3_600_000,
        holdNoData,
        ...(expanded ? { expanded } : {}),
      });
      records = out.records;
      all.push(...out.events);
      return out.events;
    },
    /** A step whose sample's templates are expanded first, as the engine does. */
    async stepExpanded(value: number, advanceMs = 15_000) {
      const env = { externalLabels: {}, externalURL: '' };
      const e = await expandAlert(
        r,
        { service_name: 'shop' },
        value,
        env,
        templateFuncs(env, now + advanceMs),
      );
      return this.step(value, advanceMs, [], [e]);
    },
    get records() {
      return records;
    },
    get now() {
      return now;
    },
    events: all,
  };
}

describe('evaluateRule', () => {
  test('a value rising from info through warning to critical escalates one alert without restarting for', async () => {
    const d = driver(rule());
    assert.deepEqual(d.step(0.03, 0), []);
    assert.equal(d.records[0]?.state, 'pending');
    const activeAt = d.records[0]?.activeAt;
    assert.deepEqual(d.step(0.06, 30_000), [], 'still pending: severity change must not fire early or reset');
    assert.equal(d.records[0]?.activeAt, activeAt);
    const fired = d.step(0.06, 30_000);
    assert.deepEqual(
      fired.map((e) => [e.kind, e.alert.severity]),
      [['firing', 'warning']],
    );
    const esc = await d.stepExpanded(0.2);
    assert.deepEqual(
      esc.map((e) => [e.kind, e.previousSeverity, e.alert.severity]),
      [['escalated', 'warning', 'critical']],
    );
    assert.equal(d.records.length, 1);
    assert.equal(new Set(d.events.map((e) => e.alert.fingerprint)).size, 1);
    assert.equal(d.records[0]?.labels.severity, 'critical');
    assert.equal(d.records[0]?.annotations.summary, 'error ratio 20% on shop');
  });

  test('falling below the lowest tier de-escalates but holds the alert until the value passes recover', () => {
    const d = driver(rule({ forMs: 0 }));
    d.step(0.07, 0);
    const held = d.step(0.018);
    assert.deepEqual(
      held.map((e) => e.kind),
      ['deescalated'],
    );
    assert.equal(d.records[0]?.state, 'firing');
    assert.match(d.records[0]?.reasons[0] ?? '', /held: value 0.018 not yet below recover 0.015/);
    assert.deepEqual(d.step(0.016), []);
    const resolved = d.step(0.01);
    assert.deepEqual(
      resolved.map((e) => e.kind),
      ['resolved'],
    );
    assert.equal(
      resolved[0]?.alert.value,
      0.01,
      'the resolve reports the value that cleared it, not the last held one',
    );
  });

  test('the summary of a resolve quotes the value that cleared the alert, not the last breaching one', async () => {
    const d = driver(rule({ forMs: 0 }));
    await d.stepExpanded(0.3, 0);
    const [resolved] = await d.stepExpanded(0.001);
    assert.equal(resolved?.kind, 'resolved');
    assert.equal(resolved?.alert.annotations.summary, 'error ratio 0.1% on shop');
  });

  test('a value in the recover band never starts a new alert', () => {
    const d = driver(rule({ forMs: 0 }));
    assert.deepEqual(d.step(0.018, 0), []);
    assert.equal(d.records.length, 0);
  });

  test('a failed query holds a firing alert instead of resolving it', () => {
    const d = driver(rule({ forMs: 0 }));
    d.step(0.2, 0);
    for (let i = 0; i < 10; i++) assert.deepEqual(d.step('fail'), []);
    assert.equal(d.records[0]?.state, 'firing');
    assert.deepEqual(
      d.step(null).map((e) => e.kind),
      ['resolved'],
      'an empty successful result resolves',
    );
  });

  test('right after a data-source outage an empty result holds a firing alert, while a clearing value still resolves it', () => {
    const d = driver(rule({ forMs: 0 }));
    d.step(0.2, 0);
    d.holdNoData(true);
    for (let i = 0; i < 3; i++) assert.deepEqual(d.step(null), [], 'Prometheus has not scraped yet');
    assert.equal(d.records[0]?.state, 'firing');
    assert.deepEqual(
      d.step(0.001).map((e) => e.kind),
      ['resolved'],
      'a value past recover is proof, not absence',
    );
  });

  test('a pending alert whose series disappears is dropped without any event', () => {
    const d = driver(rule());
    d.step(0.2, 0);
    assert.deepEqual(d.step(null), []);
    assert.equal(d.records.length, 0);
  });

  test('keep_firing_for holds a firing alert after the condition clears, then resolves', () => {
    const d = driver(
      rule({ forMs: 0, keepFiringForMs: 40_000, severity: undefined, labels: { severity: 'page' } }),
    );
    assert.deepEqual(
      d.step(1, 0).map((e) => [e.kind, e.alert.severity]),
      [['firing', 'page']],
    );
    // Counted from the first clear evaluation (15s, 30s, 45s after it: 0, 15, 30 < 40), as Prometheus does.
    assert.deepEqual(d.step(null), []);
    assert.deepEqual(d.step(null), []);
    assert.deepEqual(d.step(null), []);
    assert.deepEqual(
      d.step(null).map((e) => e.kind),
      ['resolved'],
    );
  });

  test('an alert flipping more than max_flips in the window is notified once as flapping, then once when it settles', () => {
    const d = driver(rule({ forMs: 0 }), { maxFlips: 3 });
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      kinds.push(...d.step(0.2, 15_000).map((e) => e.kind));
      kinds.push(...d.step(null, 15_000).map((e) => e.kind));
    }
    assert.deepEqual(kinds, ['firing', 'resolved', 'firing', 'flapping']);
    assert.equal(d.records[0]?.flapping, true);
    kinds.length = 0;
    kinds.push(...d.step(0.2, 600_000).map((e) => e.kind));
    assert.deepEqual(kinds, ['firing'], 'settled: the current state is notified once');
    assert.equal(d.records[0]?.flapping, false);
  });

  test('an escalation gets through while the alert is flapping; a de-escalation does not', () => {
    const d = driver(rule({ forMs: 0 }), { maxFlips: 3 });
    for (let i = 0; i < 2; i++) {
      d.step(0.07, 15_000);
      d.step(null, 15_000);
    }
    assert.deepEqual(d.step(0.07, 15_000), [], 'firing again while flapping is damped');
    assert.equal(d.records[0]?.flapping, true);
    assert.deepEqual(
      d.step(0.2, 15_000).map((e) => [e.kind, e.alert.severity]),
      [['escalated', 'critical']],
    );
    assert.deepEqual(d.step(0.07, 15_000), []);
  });

  test('identity ignores severity so the same labels with another severity are the same alert', () => {
    assert.equal(
      fingerprint({ alertname: 'A', x: '1', severity: 'info' }),
      fingerprint({ x: '1', alertname: 'A', severity: 'critical' }),
    );
    assert.notEqual(fingerprint({ alertname: 'A', x: '1' }), fingerprint({ alertname: 'A', x: '2' }));
  });

  test('a when condition matching the alert raises it one level, and a failing when query keeps the previous severity', () => {
    const r = rule({
      forMs: 0,
      severity: { ...tiers, context: [{ when: 'revenue > 10', raise: 1, reason: 'revenue flowing' }] },
    });
    const d = driver(r);
    const ev = d.step(0.06, 0, [[{ labels: { service_name: 'shop' }, value: 12 }]]);
    assert.deepEqual(
      ev.map((e) => [e.kind, e.alert.severity]),
      [['firing', 'critical']],
    );
    assert.ok(d.records[0]?.reasons.includes('raised: revenue flowing'));
    assert.deepEqual(
      d.step(0.06, 15_000, [[{ labels: { service_name: 'other' }, value: 12 }]]).map((e) => e.kind),
      ['deescalated'],
      "another service's revenue does not apply",
    );
    d.step(0.06, 15_000, [[{ labels: {}, value: 12 }]]);
    assert.equal(d.records[0]?.severity, 'critical', 'a result without labels applies to every alert');
    assert.deepEqual(d.step(0.03, 15_000, [undefined]), []);
    assert.equal(d.records[0]?.severity, 'critical', 'failed context query: previous severity kept');
  });

  test('raises apply before caps, so a capped alert stays capped even when raised', () => {
    const r = rule({
      forMs: 0,
      severity: {
        ...tiers,
        context: [
          { when: 'low traffic', atMost: 'info', reason: 'low traffic' },
          { when: 'money', raise: 2, reason: 'revenue flowing' },
        ],
      },
    });
    const d = driver(r);
    d.step(0.2, 0, [[{ labels: {}, value: 1 }], [{ labels: {}, value: 1 }]]);
    assert.equal(d.records[0]?.severity, 'info');
    assert.deepEqual(d.records[0]?.reasons.slice(1), ['capped at info: low traffic']);
  });

  test("outside business hours caps the severity in the rule's time zone", () => {
    const window = {
      days: [false, true, true, true, true, true, false],
      startMinute: 540,
      endMinute: 1080,
      timezone: 'Asia/Seoul',
      text: 'mon-fri 09:00-18:00 Asia/Seoul',
    };
    const r = rule({
      forMs: 0,
      severity: {
        ...tiers,
        context: [{ outside: window, atMost: 'warning', reason: 'outside business hours' }],
      },
    });
    // Saturday 2024-06-01 03:00 UTC = 12:00 in Seoul, a weekend: capped.
    const sat = Date.parse('2024-06-01T03:00:00Z');
    const out = evaluateRule({
      rule: r,
      previous: [],
      result: { ok: true, samples: [{ labels: {}, value: 0.5 }] },
      context: [undefined],
      now: sat,
      flap: { windowMs: 1, maxFlips: 9 },
      resolvedRetentionMs: 1,
    });
    assert.equal(out.records[0]?.severity, 'warning');
    // Monday 2024-06-03 01:00 UTC = 10:00 in Seoul: inside hours, not capped.
    const mon = Date.parse('2024-06-03T01:00:00Z');
    const out2 = evaluateRule({
      rule: r,
      previous: [],
      result: { ok: true, samples: [{ labels: {}, value: 0.5 }] },
      context: [undefined],
      now: mon,
      flap: { windowMs: 1, maxFlips: 9 },
      resolvedRetentionMs: 1,
    });
    assert.equal(out2.records[0]?.severity, 'critical');
  });

  test('a below-direction rule fires when the value drops under its tiers', () => {
    const r = rule({
      forMs: 0,
      severity: {
        tiers: [
          { severity: 'warning', threshold: 0.02 },
          { severity: 'critical', threshold: 0.01 },
        ],
        direction: 'below',
        context: [],
      },
    });
    const d = driver(r);
    assert.deepEqual(d.step(0.05, 0), []);
    assert.deepEqual(
      d.step(0.005).map((e) => [e.kind, e.alert.severity]),
      [['firing', 'critical']],
    );
  });
});
