/** Slack message details on-call reads: values at resolve, links, literal characters, "and N more". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSlack } from '../../../../src/notify/integrations/slack/slackMessage.ts';
import type { NotificationKind } from '../../../../src/notify/types.ts';
import { alert, notification } from '../../helpers/alerts.ts';

const NOW = Date.UTC(2026, 0, 5, 12);
type Block = { type: string; text?: { text: string } };

function render(alerts: ReturnType<typeof alert>[], kind: NotificationKind = 'firing') {
  const p = renderSlack(notification(alerts, kind, NOW), NOW);
  return {
    p,
    sections: ((p.attachments[0]?.blocks ?? []) as Block[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text?.text ?? ''),
  };
}

test('a RESOLVED message shows the value at resolve, not the value it fired with', () => {
  const a = alert({ alertname: 'Errors', service_name: 'api' }, { value: 0.12 });
  const r = {
    ...a,
    state: 'resolved' as const,
    resolvedAt: NOW,
    value: 0.013,
    reasons: ['resolved: value 0.013'],
  };
  const { sections } = render([r], 'resolved');
  assert.match(sections[0] ?? '', /Value at resolve \*0\.013\*/);
  assert.doesNotMatch(sections[0] ?? '', /0\.12/);
});

test('a RESOLVED message for an alert that resolved on no data says so, and marks the summary as from fire time', () => {
  const a = alert({ alertname: 'Errors', service_name: 'api' }, { value: 0.12 });
  const r = { ...a, state: 'resolved' as const, resolvedAt: NOW, reasons: ['resolved: no data'] };
  const { sections } = render([r], 'resolved');
  assert.match(sections[0] ?? '', /No data at resolve/);
  assert.match(sections[0] ?? '', /\(at fire time\)/);
});

test('a section cut to fit Slack never ends inside a link, and the links survive the cut', () => {
  const labels: Record<string, string> = { alertname: 'Big', service_name: 'api' };
  for (let i = 0; i < 40; i++) labels[`label_${i}`] = 'v'.repeat(110);
  const a = alert(labels);
  const withLinks = { ...a, annotations: { summary: 's', runbook_url: 'https://wiki.example/runbooks/big' } };
  const { sections } = render([withLinks]);
  const s = sections[0] ?? '';
  assert.ok(s.length <= 3000);
  const opens = (s.match(/</g) ?? []).length;
  const closes = (s.match(/>/g) ?? []).length;
  assert.equal(opens, closes, 'every <...> is closed');
  assert.match(s, /<https:\/\/wiki\.example\/runbooks\/big\|Runbook>/);
});

test('link URLs are percent-encoded: spaces, non-ASCII and | do not break the link', () => {
  const a = alert({ alertname: 'Link', service_name: 'api' });
  const u = { ...a, annotations: { summary: 's', runbook_url: 'https://wiki.example/run book/é?q=a b|c' } };
  const { sections } = render([u]);
  assert.match(sections[0] ?? '', /<https:\/\/wiki\.example\/run%20book\/%C3%A9\?q=a%20b%7Cc\|Runbook>/);
});

test('*, _, ~ and backticks in values are shown literally, not as formatting', () => {
  const a = alert({ alertname: 'Fmt', service_name: 'api', path: '*/api/*_v1_~x~`y`' });
  const { sections } = render([{ ...a, annotations: { summary: 'rate of *all* _requests_' } }]);
  const s = sections[0] ?? '';
  // Each marker is kept but preceded by a zero-width space, which stops Slack from pairing it.
  const labelsLine = s.split('\n').find((l) => l.includes('path=')) ?? '';
  const summaryLine = s.split('\n')[0] ?? '';
  for (const ch of ['*', '_', '~', '`']) {
    const bare = new RegExp(`(^|[^\\u200b])[${ch}]`, 'u');
    assert.doesNotMatch(labelsLine, bare, `a bare ${ch} in ${JSON.stringify(labelsLine)}`);
  }
  assert.match(summaryLine, /^\*rate of \u200b\*all\u200b\* \u200b_requests\u200b_\*$/);
  assert.match(s, /path=\u200b\*\/api\/\u200b\*/);
});

test('"…and N more" names what differs between the alerts, not the label they share', () => {
  const alerts = Array.from({ length: 200 }, (_, i) =>
    alert({ alertname: 'HighErrorRate', service_name: 'checkout', instance: `pod-${i}` }),
  );
  const { sections } = render(alerts);
  const last = sections.at(-1) ?? '';
  assert.match(last, /^…and \d+ more: instance=pod-\d+/);
  assert.doesNotMatch(last, /HighErrorRate \(checkout\)/);
});
