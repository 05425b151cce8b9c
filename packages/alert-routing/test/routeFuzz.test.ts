import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { matchRoutes, parseRoutingConfig } from '../src/index.ts';
import { askOracle, describeRoute } from './oracle.ts';

let seed = 11;
const rand = (k: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % k;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;

const NAMES = ['team', 'severity', 'env'];
const VALUES = ['db', 'web', 'critical', 'warning', 'prod', 'staging'];
const MATCHERS = [
  () => `${pick(NAMES)}="${pick(VALUES)}"`,
  () => `${pick(NAMES)}!="${pick(VALUES)}"`,
  () => `${pick(NAMES)}=~"${pick(VALUES)}|${pick(VALUES)}"`,
  () => `${pick(NAMES)}!~"${pick(VALUES).slice(0, 2)}.*"`,
  () => `{${pick(NAMES)}=${pick(VALUES)}, ${pick(NAMES)}!=${pick(VALUES)}}`,
];

/** A random route; `bad` sometimes slips in something Alertmanager rejects. */
function randomRoute(depth: number, bad: boolean): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  const roll = () => rand(4) === 0;
  if (roll()) r.receiver = pick(['r0', 'r1', 'r2', bad && roll() ? 'nobody' : 'r3']);
  if (rand(2)) r.matchers = Array.from({ length: 1 + rand(2) }, () => pick(MATCHERS)());
  if (roll()) r.match = { [pick(NAMES)]: pick(VALUES) };
  if (roll()) r.match_re = { [pick(NAMES)]: `${pick(VALUES)}|x` };
  if (roll()) r.continue = true;
  if (roll())
    r.group_by = pick([
      [],
      ['team'],
      ['env', 'team'],
      ['...'],
      ...(bad
        ? [
            ['...', 'team'],
            ['team', 'team'],
          ]
        : []),
    ]);
  if (roll()) r.group_wait = pick(['0s', '10s', '1m']);
  if (roll()) r.group_interval = pick(['1m', '2h', ...(bad ? ['0s'] : [])]);
  if (roll()) r.repeat_interval = pick(['3h', '1d']);
  if (roll()) r.mute_time_intervals = [pick(['night', 'weekend', ...(bad ? ['never'] : [])])];
  if (roll()) r.active_time_intervals = ['night'];
  if (roll()) r.labels = { [pick(['owner', 'tier'])]: pick(VALUES) };
  if (depth > 0) {
    const n = rand(4);
    if (n > 0) r.routes = Array.from({ length: n }, () => randomRoute(depth - 1, bad));
  }
  return r;
}

function randomConfig(bad: boolean): string {
  const {
    matchers: _m,
    match: _a,
    match_re: _b,
    continue: _c,
    mute_time_intervals: _d,
    active_time_intervals: _e,
    ...root
  } = randomRoute(3, bad);
  return stringify({
    route: { ...root, receiver: 'r0' },
    receivers: ['r0', 'r1', 'r2', 'r3'].map((name) => ({ name })),
    time_intervals: ['night', 'weekend'].map((name) => ({
      name,
      time_intervals: [{ weekdays: ['saturday'] }],
    })),
  });
}

function randomAlert(): Record<string, string> {
  const l: Record<string, string> = { alertname: 'A' };
  for (const n of NAMES) if (rand(4)) l[n] = pick(VALUES);
  return l;
}

describe('routing: 300 generated configs, checked and routed as Alertmanager does', () => {
  it('accepts the same configs and sends 40 alerts each to the same routes with the same options', () => {
    const configs = Array.from({ length: 300 }, (_, i) => randomConfig(i % 3 === 0));
    const alerts = Array.from({ length: 40 }, randomAlert);
    const answers = askOracle(configs.map((config) => ({ op: 'routes', config, alerts })));
    let accepted = 0;
    configs.forEach((config, i) => {
      const want = answers[i];
      const { config: ours, issues } = parseRoutingConfig(parse(config));
      assert.equal(
        issues.length === 0,
        want?.error === null,
        `${config}\nours ${JSON.stringify(issues)}\nAM ${want?.error}`,
      );
      if (issues.length > 0 || !ours) return;
      accepted++;
      alerts.forEach((a, j) => {
        assert.deepEqual(
          matchRoutes(ours.route, a).map(describeRoute),
          want?.routes?.[j],
          `${config}\n${JSON.stringify(a)}`,
        );
      });
    });
    assert.ok(accepted > 150, `only ${accepted} accepted`);
    console.log(
      `# generated configs: ${accepted} accepted by both, ${configs.length - accepted} rejected by both`,
    );
  });
});
