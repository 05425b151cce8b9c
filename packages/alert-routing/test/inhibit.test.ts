import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { type InhibitAlert, IssueList, inhibitedBy, readInhibitRules } from '../src/index.ts';
import { askOracle } from './oracle.ts';

const RULES = `
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity=~"warning|info"']
    equal: [service]
  - source_match: {s: "1"}
    target_match: {t: "1"}
    equal: [e]
  - source_match_re: {alertname: 'Node.*Down'}
    target_matchers: ['alertname!~"Node.*"']
    equal: [instance, cluster]
`;

function rules() {
  const issues = new IssueList();
  const out = readInhibitRules(issues, (parse(RULES) as Record<string, unknown>).inhibit_rules, 'fallback');
  assert.deepEqual(issues.issues, []);
  return out;
}

/** A seeded stream of small label sets over the names and values the rules look at. */
function labelSets(n: number, seed0: number): Record<string, string>[] {
  const space: Record<string, string[]> = {
    severity: ['critical', 'warning', 'info', ''],
    service: ['api', 'db', ''],
    s: ['1', '0', ''],
    t: ['1', '0', ''],
    e: ['a', 'b', ''],
    alertname: ['NodeDown', 'NodeDiskDown', 'HighLatency', ''],
    instance: ['i1', 'i2', ''],
    cluster: ['c1', ''],
  };
  let seed = seed0;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  return Array.from({ length: n }, () => {
    const l: Record<string, string> = {};
    for (const [k, vs] of Object.entries(space)) {
      const v = vs[rand(vs.length)] as string;
      if (v) l[k] = v;
    }
    return l;
  });
}

describe("inhibition: Alertmanager's Inhibitor as the oracle", () => {
  it('mutes the same targets on 60 generated alert sets of 6 alerts each', () => {
    const requests = [];
    const cases: { sources: InhibitAlert[]; targets: Record<string, string>[] }[] = [];
    for (let i = 0; i < 60; i++) {
      const labels = labelSets(6, i + 1);
      const sources = labels.map((l, j) => ({ labels: l, firing: j % 5 !== 4 }));
      // Every alert is a target too, so self-inhibition is exercised on every set.
      cases.push({ sources, targets: [...labels, ...labelSets(6, 1000 + i)] });
      requests.push({ op: 'inhibit', config: RULES, sources, targets: cases[i]?.targets });
    }
    const answers = askOracle(requests) as unknown as { error: string | null; muted: boolean[] }[];
    const rs = rules();
    let n = 0;
    cases.forEach((c, i) => {
      assert.equal(answers[i]?.error, null);
      c.targets.forEach((t, j) => {
        n++;
        assert.equal(
          inhibitedBy(t, c.sources, rs) !== undefined,
          answers[i]?.muted[j],
          `${JSON.stringify(t)} among ${JSON.stringify(c.sources)}`,
        );
      });
    });
    assert.equal(n, 720);
  });

  it('an alert matching both source and target of a rule does not inhibit itself (issue #16)', () => {
    const self = { labels: { s: '1', t: '1', e: 'a' }, firing: true };
    assert.equal(inhibitedBy(self.labels, [self], rules()), undefined);
    const [answer] = askOracle([
      { op: 'inhibit', config: RULES, sources: [self], targets: [self.labels] },
    ]) as unknown as {
      muted: boolean[];
    }[];
    assert.deepEqual(answer?.muted, [false]);
    // ...while a source matching only the source side still mutes it.
    assert.ok(inhibitedBy(self.labels, [self, { labels: { s: '1', e: 'a' }, firing: true }], rules()));
  });
});
