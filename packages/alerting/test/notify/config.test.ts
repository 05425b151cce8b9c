import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNotifyConfig } from '../../src/notify/config/parseNotifyConfig.ts';
import { noLocation } from './helpers/notifierHarness.ts';

const parse = (raw: unknown) => parseNotifyConfig(raw, noLocation);
const fields = (raw: unknown) => parse(raw).issues.map((i) => `${i.field}: ${i.message}`);

test('the example from the issue parses with Alertmanager defaults and inherited route settings', () => {
  const { config, issues } = parse({
    receivers: [
      {
        name: 'oncall',
        slack: { webhook_url: 'https://hooks.example/services/T/B/x', min_severity: 'warning' },
      },
      { name: 'audit', webhook: { url: 'http://127.0.0.1:9099/hook' } },
      { name: 'am', alertmanager: { urls: ['http://127.0.0.1:9093/'] } },
    ],
    route: {
      receiver: 'oncall',
      group_by: ['alertname', 'service_name'],
      group_wait: '10s',
      routes: [{ matchers: ['team="payments"'], receiver: 'audit', continue: true }],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"warning|info"'],
        equal: ['alertname'],
      },
    ],
  });
  assert.deepEqual(issues, []);
  assert.equal(config.route.groupWaitMs, 10_000);
  assert.equal(config.route.groupIntervalMs, 300_000);
  assert.equal(config.route.routes[0]?.groupWaitMs, 10_000, 'children inherit');
  assert.deepEqual(config.route.routes[0]?.groupBy, ['alertname', 'service_name']);
  assert.equal(config.receivers[0]?.slack?.rateLimit.perSecond, 1, 'default 1 msg/s');
  assert.equal(config.receivers[0]?.slack?.sendResolved, true);
  assert.deepEqual(config.receivers[2]?.alertmanager?.urls, ['http://127.0.0.1:9093']);
});

test('a config without receivers is valid and notifies nobody', () => {
  const { config, issues } = parse({});
  assert.deepEqual(issues, []);
  assert.equal(config.receivers.length, 0);
});

test('every error is reported at once with its field and what was expected', () => {
  const errs = fields({
    receivers: [
      { name: 'a', slack: { webhook_url: 'not a url', min_severity: 'loud', rate_limit: { per_second: 0 } } },
      { name: 'a', webhook: {} },
    ],
    route: {
      receiver: 'nobody',
      group_wait: 'soon',
      routes: [{ matchers: ['team=~"("'], mute_time_intervals: ['lunch'] }],
      colour: 'blue',
    },
    inhibit_rules: [{ source_matchers: ['bad matcher'] }],
  });
  const expect = [
    /^receivers\[0\]\.slack\.webhook_url: expected an http/,
    /^receivers\[0\]\.slack\.min_severity: expected one of info, warning, critical, got 'loud'/,
    /^receivers\[0\]\.slack\.rate_limit\.per_second: expected a number greater than 0/,
    /^receivers\[1\]\.name: receiver 'a' is defined twice/,
    /^receivers\[1\]\.webhook\.url: expected the URL to POST to/,
    /^route\.colour: unknown field 'colour'/,
    // Routing errors in Alertmanager's words (alert-routing). An inhibit rule without target
    // matchers is valid there (it targets every alert), so it is not an error here either.
    /^route\.receiver: undefined receiver "nobody" used in route/,
    /^route\.group_wait: not a valid duration string: "soon"/,
    /^route\.routes\[0\]\.matchers\[0\]: error parsing regexp: missing closing \)/,
    /^route\.routes\[0\]\.mute_time_intervals\[0\]: undefined time interval "lunch"/,
    /^inhibit_rules\[0\]\.source_matchers\[0\]: bad matcher format/,
  ];
  for (const re of expect)
    assert.ok(
      errs.some((e) => re.test(e)),
      `missing ${re}\n${errs.join('\n')}`,
    );
});

test('an invalid webhook URL is reported without echoing the value, which may be a secret', () => {
  const errs = fields({
    receivers: [{ name: 'a', slack: { webhook_url: 'hooks/T0/B0/sekrit' } }],
    route: { receiver: 'a' },
  });
  assert.equal(errs.length, 1);
  assert.ok(!errs[0]?.includes('sekrit'));
});

test('time intervals accept Alertmanager ranges and reject a bad time zone or weekday', () => {
  const errs = fields({
    mute_time_intervals: [
      {
        name: 'nights',
        time_intervals: [
          {
            times: [{ start_time: '18:00', end_time: '24:00' }],
            weekdays: ['monday:friday', 'funday'],
            days_of_month: ['1:5', '-1'],
            months: ['january:march'],
            location: 'Mars/Olympus',
          },
        ],
      },
    ],
  });
  assert.equal(errs.length, 2, errs.join('\n'));
  assert.match(errs[0] ?? '', /location: expected an IANA time zone/);
  assert.match(errs[1] ?? '', /weekdays\[1\]: expected a weekday/);
});
