import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mrkdwnToText, renderSlackPayload } from '../../src/runner/slackTerminal.ts';

const payload = {
  text: ':red_circle: ESCALATED · warning → critical · CheckoutErrorRatio (demo-shop)',
  attachments: [
    {
      color: '#E01E5A',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: 'ESCALATED · warning → critical · CheckoutErrorRatio (demo-shop)',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Severity: value 0.23 &gt;= critical 0.2\nsince <!date^1795615840^{date_short_pretty} {time}|2026-11-25 14:10 UTC>\n<https://example.com/rb|Runbook>',
          },
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'rate 5 req/s' },
            { type: 'mrkdwn', text: 'p99 2 s' },
          ],
        },
      ],
    },
  ],
};

test('a Slack message reads in the terminal as in the channel: header, decoded text, dates and links', () => {
  const out = renderSlackPayload(payload, false);
  assert.equal(
    out,
    [
      '| ESCALATED · warning → critical · CheckoutErrorRatio (demo-shop)',
      '| Severity: value 0.23 >= critical 0.2',
      '| since 2026-11-25 14:10 UTC',
      '| Runbook (https://example.com/rb)',
      '| rate 5 req/s  ·  p99 2 s',
    ].join('\n'),
  );
});

test('in colour, the bar takes the severity colour of the attachment', () => {
  assert.ok(renderSlackPayload(payload, true).includes('\x1b[31m┃'), 'a red bar for critical');
});

test('long links keep only their label, so a Prometheus graph URL does not flood the terminal', () => {
  assert.equal(mrkdwnToText(`<http://127.0.0.1:9090/graph?g0.expr=${'x'.repeat(100)}|Source>`), 'Source');
});
