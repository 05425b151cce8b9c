import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNotifyConfig } from '../../../src/notify/config/parseNotifyConfig.ts';
import { matchRoutes } from '../../../src/notify/stages/routeStage.ts';
import { noLocation } from '../helpers/notifierHarness.ts';

/** The notification config with receivers that only need a name (routing is what is tested). */
function load(extra: Record<string, unknown>) {
  return parseNotifyConfig(
    { receivers: [{ name: 'a' }, { name: 'b' }], route: { receiver: 'a' }, ...extra },
    noLocation,
  );
}
const messages = (r: ReturnType<typeof load>) => r.issues.map((i) => `${i.field}: ${i.message}`);

describe("routing config: Alertmanager's syntax loads", () => {
  it('legacy match and match_re on routes become matchers (escapes kept)', () => {
    const r = load({
      route: {
        receiver: 'a',
        routes: [{ receiver: 'b', match: { team: 'db' }, match_re: { instance: 'db\\d+' } }],
      },
    });
    assert.deepEqual(messages(r), []);
    const hit = (labels: Record<string, string>) => matchRoutes(r.config.route, labels)[0]?.receiver;
    assert.equal(hit({ team: 'db', instance: 'db12' }), 'b');
    assert.equal(hit({ team: 'db', instance: 'dbdd' }), 'a', '`\\d` is a digit class, not a literal d');
  });

  it('brace matchers, several matchers in one string and unquoted values', () => {
    const r = load({
      route: {
        receiver: 'a',
        routes: [{ receiver: 'b', matchers: ['{team="db", env=~"prod|stag"}', 'tier=1, zone!=eu'] }],
      },
    });
    assert.deepEqual(messages(r), []);
    assert.equal(r.config.route.routes[0]?.matchers.length, 4);
    assert.equal(
      matchRoutes(r.config.route, { team: 'db', env: 'prod', tier: '1', zone: 'us' })[0]?.receiver,
      'b',
    );
    assert.equal(
      matchRoutes(r.config.route, { team: 'db', env: 'prod', tier: '1', zone: 'eu' })[0]?.receiver,
      'a',
    );
  });

  it('legacy source_match / target_match(_re) inhibit rules load', () => {
    const r = load({
      inhibit_rules: [
        {
          source_match: { severity: 'critical' },
          target_match_re: { severity: 'warn.*' },
          equal: ['alertname'],
        },
      ],
    });
    assert.deepEqual(messages(r), []);
    assert.equal(r.config.inhibitRules[0]?.sourceMatchers.length, 1);
    assert.equal(r.config.inhibitRules[0]?.targetMatchers.length, 1);
  });

  it('route labels load and are inherited', () => {
    const r = load({ route: { receiver: 'a', labels: { team: 'x' }, routes: [{ receiver: 'b' }] } });
    assert.deepEqual(messages(r), []);
    assert.deepEqual(r.config.route.routes[0]?.labels, { team: 'x' });
  });

  it('location: Local in a time interval loads (the machine zone)', () => {
    const r = load({
      time_intervals: [{ name: 'n', time_intervals: [{ weekdays: ['monday'], location: 'Local' }] }],
    });
    assert.deepEqual(messages(r), []);
    assert.notEqual(r.config.timeIntervals[0]?.timeIntervals[0]?.location, 'Local');
  });

  it("group_by: ['...'] is inherited by child routes", () => {
    const r = load({
      route: { receiver: 'a', group_by: ['...'], routes: [{ receiver: 'b', matchers: ['team=db'] }] },
    });
    assert.deepEqual(messages(r), []);
    assert.equal(r.config.route.routes[0]?.groupByAll, true);
  });
});

describe('routing config: what Alertmanager rejects is rejected', () => {
  it('`...` mixed with other labels', () => {
    assert.match(
      messages(load({ route: { receiver: 'a', group_by: ['...', 'job'] } })).join('\n'),
      /wildcard/,
    );
  });
  it('a duplicate group_by label', () => {
    assert.match(
      messages(load({ route: { receiver: 'a', group_by: ['job', 'job'] } })).join('\n'),
      /duplicated label "job"/,
    );
  });
  it('a bad regex in match_re, with its field', () => {
    const m = messages(load({ route: { receiver: 'a', routes: [{ match_re: { env: '(' } }] } }));
    assert.match(m.join('\n'), /route\.routes\[0\]\.match_re\.env|match_re/);
  });
});
