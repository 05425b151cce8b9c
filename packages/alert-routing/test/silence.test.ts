import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Matcher, parseMatchers, validateSilence } from '../src/index.ts';
import { askOracle } from './oracle.ts';

const NOW = Date.parse('2026-12-01T22:00:00Z');
const HOUR = 3_600_000;

describe("silences: Alertmanager's silence store as the oracle", () => {
  const inputs = [
    'alertname=~".*"',
    'alertname=~".+"',
    'foo=""',
    'foo=~""',
    'foo!="bar"',
    'foo!~".*"',
    'foo=~"a|"',
    'foo=~"(a)?"',
    'foo=~".*", bar=""',
    'foo=~".*", bar="x"',
    'service=~"db\\\\d+"',
    'job=~"(.*.*)*ZZZ"',
    '"service.name"="checkout"',
  ];
  const times: [number, number][] = [
    [NOW, NOW + HOUR],
    [NOW, NOW - HOUR],
    [NOW, NOW],
  ];
  const cases: { matchers: Matcher[]; startsAt: number; endsAt: number }[] = [];
  for (const input of inputs)
    for (const [startsAt, endsAt] of times) cases.push({ matchers: parseMatchers(input), startsAt, endsAt });
  cases.push({ matchers: [], startsAt: NOW, endsAt: NOW + HOUR });

  it(`accepts and rejects the same ${cases.length} silences with the alertmanager policy`, () => {
    const answers = askOracle(cases.map((silence) => ({ op: 'silence', silence })));
    cases.forEach((c, i) => {
      const ours = validateSilence(c, { policy: 'alertmanager' });
      assert.equal(
        ours.length === 0,
        answers[i]?.error === null,
        `${JSON.stringify(c)}: ours ${ours}; AM ${answers[i]?.error}`,
      );
    });
  });
});

describe('silences: the strict policy closes the gaps of issue #16', () => {
  const ok = { startsAt: NOW, endsAt: NOW + HOUR };
  it('refuses alertname=~".+" (matches every alert; Alertmanager itself accepts it)', () => {
    assert.equal(
      validateSilence({ matchers: parseMatchers('alertname=~".+"'), ...ok }, { now: NOW }).length,
      1,
    );
    assert.equal(
      validateSilence({ matchers: parseMatchers('alertname=~".+", severity="page"'), ...ok }, { now: NOW })
        .length,
      0,
    );
    assert.equal(
      validateSilence({ matchers: parseMatchers('alertname=~"High.+"'), ...ok }, { now: NOW }).length,
      0,
    );
  });
  it('refuses endsAt in year 9999 and an end already past', () => {
    assert.match(
      validateSilence(
        { matchers: parseMatchers('a="b"'), startsAt: NOW, endsAt: Date.parse('9999-12-31T23:59:59Z') },
        { now: NOW },
      ).join(),
      /after the latest allowed/,
    );
    assert.match(
      validateSilence(
        { matchers: parseMatchers('a="b"'), startsAt: NOW - 2 * HOUR, endsAt: NOW - HOUR },
        { now: NOW },
      ).join(),
      /already past/,
    );
  });
});
