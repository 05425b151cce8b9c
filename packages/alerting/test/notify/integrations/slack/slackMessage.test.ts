import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSlack, SLACK_LIMITS } from '../../../../src/notify/integrations/slack/slackMessage.ts';
import type { Notification, NotificationKind } from '../../../../src/notify/types.ts';
import { alert, notification as makeNotification } from '../../helpers/alerts.ts';

const NOW = Date.UTC(2026, 0, 5, 12);

const notification = (alerts: ReturnType<typeof alert>[], kind: NotificationKind = 'firing') =>
  makeNotification(alerts, kind, NOW);

type Block = { type: string; text?: { text: string }; elements?: Array<{ text: string }> };
const blocksOf = (p: ReturnType<typeof renderSlack>) => p.attachments[0]?.blocks as Block[];
const allText = (p: ReturnType<typeof renderSlack>) =>
  blocksOf(p)
    .map((b) => `${b.text?.text ?? ''}${(b.elements ?? []).map((e) => e.text).join('')}`)
    .join('\n');

test('a group of 500 alerts fits in 50 blocks and about 12k characters, summarised as "and N more"', () => {
  const alerts = Array.from({ length: 500 }, (_, i) =>
    alert({ alertname: 'HighErrorRate', service_name: `svc-${i}`, instance: `host-${i}.example:9100` }),
  );
  const p = renderSlack(notification(alerts), NOW);
  const blocks = blocksOf(p);
  assert.ok(blocks.length <= SLACK_LIMITS.blocks, `${blocks.length} blocks`);
  assert.ok(allText(p).length <= SLACK_LIMITS.total, `${allText(p).length} chars`);
  const last = blocks.at(-1)?.text?.text ?? '';
  const shown = blocks.filter((b) => b.type === 'section').length - 1;
  assert.match(last, new RegExp(`^…and ${500 - shown} more: `));
});

test('a huge annotation is cut to fit a section (3000) and the header to 150 characters', () => {
  const a = alert({ alertname: 'X'.repeat(400), service_name: 'svc' });
  const big = { ...a, annotations: { summary: 'S'.repeat(10_000), description: 'D'.repeat(10_000) } };
  const p = renderSlack(notification([big]), NOW);
  const blocks = blocksOf(p);
  assert.ok((blocks[0]?.text?.text.length ?? 0) <= SLACK_LIMITS.header);
  for (const b of blocks) assert.ok((b.text?.text.length ?? 0) <= SLACK_LIMITS.section);
  assert.ok(p.text.length <= 3000);
});

test('label and annotation values are mrkdwn-escaped so <!channel> and links stay inert', () => {
  const a = alert({
    alertname: 'Inject',
    service_name: 'svc',
    path: '<!channel> & <https://evil.example|click>',
  });
  const evil = { ...a, annotations: { summary: 'hi <!here>', runbook_url: 'javascript:alert(1)' } };
  const p = renderSlack(notification([evil]), NOW);
  const text = `${allText(p)}\n${p.text}`;
  assert.ok(!text.includes('<!channel>'));
  assert.ok(!text.includes('<!here>'));
  assert.ok(!text.includes('<https://evil'));
  assert.ok(text.includes('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;'));
  assert.ok(!text.includes('javascript:'), 'a non-http runbook link is not rendered');
});

test('an escalation message names the alert, the old and the new severity', () => {
  const a = alert({ alertname: 'Errors', service_name: 'checkout', severity: 'critical' });
  const n: Notification = {
    ...notification([a], 'escalated'),
    alerts: [{ alert: a, previousSeverity: 'warning' }],
  };
  const p = renderSlack(n, NOW);
  assert.equal(blocksOf(p)[0]?.text?.text, 'ESCALATED · warning → critical · Errors (checkout)');
  assert.match(allText(p), /Escalated from \*warning\* to \*critical\*/);
  assert.equal(p.attachments[0]?.color, '#E01E5A');
});

test('a message resent after a crash is marked as a repeat', () => {
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  const p = renderSlack({ ...notification([a]), repeat: true }, NOW);
  assert.match(blocksOf(p)[0]?.text?.text ?? '', /^\(repeat\) FIRING/);
});

test('the context snapshot shows rate, error ratio and p99 of the service at fire time', () => {
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  const n: Notification = {
    ...notification([a]),
    alerts: [
      { alert: a, context: { service: 'checkout', requestRate: 12.5, errorRatio: 0.042, p99Seconds: 0.82 } },
    ],
  };
  assert.match(
    allText(renderSlack(n, NOW)),
    /checkout at fire time: rate 12\.5 req\/s · errors 4\.2% · p99 820 ms/,
  );
});

test('a resolve says how long the alert lasted in whole seconds, without milliseconds', () => {
  const a = alert({ alertname: 'Slow', service_name: 'shop' }, { firedAt: NOW - 95_051 });
  const text = allText(
    renderSlack(notification([{ ...a, state: 'resolved', resolvedAt: NOW }], 'resolved'), NOW),
  );
  assert.match(text, /after 1m35s(?!\d)/);
  assert.doesNotMatch(text, /\dms/);
});
