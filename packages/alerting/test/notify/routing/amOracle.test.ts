/**
 * Alertmanager's own test cases through the service's seams (not the library's): every matcher
 * input of its parser tests through notify/matcher.ts (what the silences API and the config
 * reader call), and dispatch/route_test.go's trees through the service's config reader and route
 * stage; Alertmanager v0.35.0 answers through tools/oracle-alertmanager.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  amFile,
  askOracle,
  describeRoute,
  goStringsAfter,
  routeTestTrees,
} from '../../../../alert-routing/test/oracle.ts';
import { parseNotifyConfig } from '../../../src/notify/config/parseNotifyConfig.ts';
import { parseMatcherList } from '../../../src/notify/matcher.ts';
import { matchRoutes } from '../../../src/notify/stages/routeStage.ts';
import { noLocation } from '../helpers/notifierHarness.ts';

describe("Alertmanager's matcher parse cases through the service's matcher seam", () => {
  const inputs = [
    'matcher/parse/parse_test.go',
    'pkg/labels/parse_test.go',
    'matcher/compat/parse_test.go',
  ].flatMap((f) => goStringsAfter(amFile(f), 'input'));
  const answers = askOracle(inputs.map((input) => ({ op: 'parse', mode: 'fallback', input })));

  it('parses each as Alertmanager (fallback mode, its default) or refuses each it refuses', () => {
    const wrong: string[] = [];
    let agree = 0;
    let empty = 0;
    inputs.forEach((input, i) => {
      const want = answers[i];
      const got = parseMatcherList(input);
      if (want?.error) {
        if (typeof got === 'string') agree++;
        else wrong.push(`${JSON.stringify(input)}: accepted, Alertmanager says ${want.error}`);
        return;
      }
      const wantMs = JSON.stringify(want?.matchers ?? []);
      // An empty list is valid for Alertmanager's parser; a silence or a route needs a matcher.
      if (wantMs === '[]' && typeof got === 'string') empty++;
      else if (typeof got === 'string') wrong.push(`${JSON.stringify(input)}: refused (${got})`);
      else if (JSON.stringify(got.map((m) => ({ name: m.name, type: m.type, value: m.value }))) !== wantMs)
        wrong.push(`${JSON.stringify(input)}: ${JSON.stringify(got)} vs ${wantMs}`);
      else agree++;
    });
    console.log(
      `# matcher parse cases through notify/matcher.ts: ${agree}/${inputs.length} as Alertmanager, ${empty} empty inputs refused (need one matcher)`,
    );
    assert.deepEqual(wrong, []);
  });
});

function receiversOf(node: unknown, out = new Set<string>()): Set<string> {
  const o = (node ?? {}) as { receiver?: unknown; routes?: unknown[] };
  if (typeof o.receiver === 'string') out.add(o.receiver);
  for (const c of o.routes ?? []) receiversOf(c, out);
  return out;
}

describe("dispatch/route_test.go through the service's config reader and route stage", () => {
  it('routes every alert of its tests to the routes Alertmanager picks, with the same options', () => {
    const wrong: string[] = [];
    let alerts = 0;
    let agree = 0;
    const trees = routeTestTrees();
    let rejected = 0;
    for (const t of trees) {
      const tree = parse(t.tree);
      const raw = { receivers: [...receiversOf(tree)].map((name) => ({ name })), route: tree };
      // Some trees are fed to dispatch.NewRoute without the config loader's checks (a root with
      // no receiver): Alertmanager's loader is asked too, and what it refuses we must refuse.
      const [loaded, answer] = askOracle([
        { op: 'routes', config: JSON.stringify(raw), alerts: [] },
        { op: 'tree', config: t.tree, alerts: t.alerts },
      ]);
      const { config, issues } = parseNotifyConfig(raw, noLocation);
      if (loaded?.error) {
        if (issues.length) rejected++;
        else wrong.push(`${t.test}: Alertmanager's loader says ${loaded.error}, we load it`);
        continue;
      }
      assert.deepEqual(issues, [], t.test);
      t.alerts.forEach((labels, i) => {
        alerts++;
        const got = JSON.stringify(matchRoutes(config.route, labels).map(describeRoute));
        if (got === JSON.stringify(answer?.routes?.[i])) agree++;
        else
          wrong.push(
            `${t.test} ${JSON.stringify(labels)}: ours ${got}, AM ${JSON.stringify(answer?.routes?.[i])}`,
          );
      });
    }
    console.log(
      `# route_test.go through the service: ${trees.length} trees (${rejected} refused by both config loaders), ${agree}/${alerts} alerts routed as Alertmanager`,
    );
    assert.ok(alerts > 20, `only ${alerts} alerts read`);
    assert.deepEqual(wrong, []);
  });
});
