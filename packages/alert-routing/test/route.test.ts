import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { IssueList, type LabelSet, matchRoutes, type Route, readRoute } from '../src/index.ts';
import { askOracle, describeRoute, routeTestTrees } from './oracle.ts';

/** More label sets from the names and values the tests use, so every branch is tried (seeded, repeatable). */
function generated(alerts: readonly Record<string, string>[], n: number): Record<string, string>[] {
  const values = new Map<string, Set<string>>();
  for (const a of alerts)
    for (const [k, v] of Object.entries(a)) values.set(k, (values.get(k) ?? new Set(['', 'x'])).add(v));
  let seed = 42;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  const out: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    const labels: Record<string, string> = {};
    for (const [k, vs] of values) {
      const v = [...vs][rand(vs.size)] as string;
      if (v !== '') labels[k] = v;
    }
    out.push(labels);
  }
  return out;
}

function readTree(text: string): Route {
  const issues = new IssueList();
  const route = readRoute(issues, parse(text), ['route'], { mode: 'fallback' });
  assert.deepEqual(issues.issues, []);
  return route;
}

describe("routing: dispatch/route_test.go's trees and alerts, answered by Alertmanager's dispatch.Route", () => {
  const trees = routeTestTrees();

  it('reads the trees out of the Go test file', () => {
    assert.ok(trees.length >= 6, `only ${trees.length} trees`);
  });

  it('sends every alert to the same routes with the same options (their cases, then generated ones)', () => {
    let own = 0;
    let gen = 0;
    let total = 0;
    const mismatches: string[] = [];
    for (const t of trees) {
      const alerts = [...t.alerts, ...generated(t.alerts, 200)];
      const [answer] = askOracle([{ op: 'tree', config: t.tree, alerts }]);
      assert.equal(answer?.error, null, `${t.test}: ${answer?.error}`);
      const route = readTree(t.tree);
      alerts.forEach((labels: LabelSet, i) => {
        total++;
        const got = JSON.stringify(matchRoutes(route, labels).map(describeRoute));
        const want = JSON.stringify(answer?.routes?.[i]);
        if (got === want) {
          if (i < t.alerts.length) own++;
          else gen++;
        } else mismatches.push(`${t.test} ${JSON.stringify(labels)}:\n  ours ${got}\n  AM   ${want}`);
      });
    }
    const theirs = trees.reduce((n, t) => n + t.alerts.length, 0);
    console.log(
      `# route_test.go: ${trees.length} trees, ${own}/${theirs} of its alerts and ${gen}/${total - theirs} generated ones agree`,
    );
    assert.deepEqual(mismatches, []);
  });
});

describe('routing: the defects of issue #16', () => {
  const tree = `
receiver: default
group_by: ['...']
routes:
  - matchers: ['team="db"']
    receiver: pager
    continue: true
  - matchers: ['severity="critical"']
    receiver: pager
    group_by: [alertname]
    routes:
      - matchers: ['env="prod"']
        group_by: ['...']
`;

  it("inherits group_by: ['...'] in child routes", () => {
    const [r] = matchRoutes(readTree(tree), { team: 'db', severity: 'warning' });
    assert.equal(r?.groupByAll, true);
    assert.equal(r?.receiver, 'pager');
  });

  it('one notification per matching route: a receiver reached by two routes appears twice', () => {
    const alerts = [{ team: 'db', severity: 'critical', env: 'prod' }];
    const got = matchRoutes(readTree(tree), alerts[0] as LabelSet).map(describeRoute);
    const [want] = askOracle([{ op: 'tree', config: tree, alerts }]);
    assert.deepEqual(got, want?.routes?.[0]);
    assert.deepEqual(
      got.map((r) => r.receiver),
      ['pager', 'pager'],
    );
  });
});
