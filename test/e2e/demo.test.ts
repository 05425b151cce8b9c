/**
 * The whole pipeline as a newcomer runs it: `node packages/demo-shop/dist/demo.js --once` starts a
 * real Prometheus, the demo shop under the preload, the traffic generator with its scripted
 * incident and the alerting engine; Slack is a local Slack-compatible sink given as
 * SLACK_WEBHOOK_URL, so every payload can be checked. While the incident is critical, the status
 * page is opened in headless Chromium and a screenshot saved to test-results/status-page.png (the
 * README's docs/screenshot.png is a copy of one). Needs `npm run build` first (npm test does it).
 *
 * The demo plays its compressed script (`--quick`) with the outage held (`--outage=600`): the
 * test looks at the page once the error ratio sits well above the critical threshold, then ends
 * the outage itself through the shop's admin endpoint (an operator fixing payments), so nothing
 * depends on how fast this machine happens to be.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { SLACK_LIMITS } from '../../packages/alerting/src/notify/integrations/slack/slackMessage.ts';
import { SlackSink } from '../../packages/alerting/src/notify/integrations/slack/slackSink.ts';
import { launchChromium } from '../../packages/alerting/test/helpers/chromium.ts';
import { binary } from '../kit/binaries.ts';
import { assertNothingLeft, portOpen, startDemo, waitFor } from './helpers/demoProcess.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'test-results');
/** The critical tier of CheckoutErrorRatio (deploy/alerting/demo/rules/demo-shop.yml). */
const CRITICAL = 0.2;

/**
 * A temp dir to be the demo's TMPDIR: its own `golden-signals-demo-*` dir lands inside, so the
 * test removes it even when the demo was killed before its cleanup ran.
 */
async function demoTmpdir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'golden-signals-e2e-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function assertTempDirRemoved(tmp: string): Promise<void> {
  assert.deepEqual(
    (await readdir(tmp)).filter((n) => n.startsWith('golden-signals-demo-')),
    [],
    'the demo removed its temp dir',
  );
}

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
  severity: string;
  value: string;
}

/** Polls the alerting API until `alertname` fires at `severity` with a value `accept`ed. */
async function waitForAlert(
  statusUrl: string,
  alertname: string,
  severity: string,
  timeoutMs: number,
  accept: (value: number) => boolean = () => true,
): Promise<ApiAlert> {
  let seen: ApiAlert | undefined;
  let hit: ApiAlert | undefined;
  await waitFor(
    async () => {
      const res = await fetch(new URL('/api/v1/alerts', statusUrl)).catch(() => undefined);
      const body = res?.ok ? ((await res.json()) as { data: { alerts: ApiAlert[] } }) : undefined;
      seen = body?.data.alerts.find((a) => a.labels.alertname === alertname);
      const ok = seen?.state === 'firing' && seen.severity === severity && accept(Number(seen.value));
      if (ok) hit = seen;
      return ok;
    },
    timeoutMs,
    () =>
      `${alertname} was not firing at ${severity} within ${timeoutMs} ms (last seen: ${JSON.stringify(seen)})`,
  );
  return hit!;
}

/** Sets the shop's payment faults through its loopback-only admin endpoint. */
async function setFaults(shopUrl: string, faults: { latencyMs: number; errorRatio: number }): Promise<void> {
  const res = await fetch(new URL('/admin/faults', shopUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  assert.equal(res.status, 200, await res.text());
}

type Payload = {
  text: string;
  attachments: Array<{
    color: string;
    blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;
  }>;
};

function assertWithinSlackLimits(p: Payload): void {
  let total = p.text.length;
  for (const a of p.attachments) {
    assert.ok(a.blocks.length <= SLACK_LIMITS.blocks, `${a.blocks.length} blocks`);
    for (const b of a.blocks) {
      const len = b.text?.text.length ?? 0;
      total += len + (b.elements ?? []).reduce((n, e) => n + e.text.length, 0);
      if (b.type === 'header') assert.ok(len <= SLACK_LIMITS.header, `header of ${len} chars`);
      else assert.ok(len <= SLACK_LIMITS.section, `section of ${len} chars`);
      assert.ok((b.elements?.length ?? 0) <= SLACK_LIMITS.contextElements);
    }
  }
  assert.ok(total <= SLACK_LIMITS.total, `message of ${total} characters`);
}

/** The critical alert, its reason, the red errors card and the four charts, as the page shows them. */
async function checkCriticalPage(page: Page): Promise<void> {
  const row = page.locator('tr.alert-row[data-alertname="CheckoutErrorRatio"][data-state="firing"]');
  await row.waitFor({ timeout: 15_000 });
  assert.match((await row.textContent()) ?? '', /critical/);
  assert.match((await row.textContent()) ?? '', />= critical 0\.2/);
  assert.equal(await page.locator('.card[data-signal="errors"]').getAttribute('data-state'), 'critical');
  for (const chart of ['rate', 'errorRatio', 'p99', 'saturation']) {
    const box = page.locator(`.chart[data-service="demo-shop"][data-chart="${chart}"]`);
    await box.waitFor({ timeout: 20_000 });
    assert.ok(Number(await box.getAttribute('data-points')) > 5, `${chart} chart has data`);
    assert.equal(await box.locator('canvas').count(), 1, `${chart} chart is drawn`);
  }
}

/** Silences the latency alert from its row, then expires the silence again, all from the page. */
async function silenceFromPage(page: Page): Promise<void> {
  await page.reload();
  await page.locator('tr.alert-row[data-alertname="CheckoutLatencyP99"] button').click();
  await page.fill('#silence-form [name="createdBy"]', 'e2e');
  await page.fill('#silence-form [name="comment"]', 'checking the form');
  await page.click('#silence-form button[type="submit"]');
  const silence = page.locator('#silences tr[data-silence]');
  await silence.first().waitFor({ timeout: 10_000 });
  assert.match((await silence.first().textContent()) ?? '', /alertname="CheckoutLatencyP99".*active/);
  await silence.first().locator('button').click();
  await page.locator('#silences tr[data-silence]', { hasText: 'expired' }).waitFor({ timeout: 10_000 });
}

/** Slack got the page at warning, the escalation with its reason and the resolve, in order, within limits. */
function checkSlackPayloads(sink: SlackSink): void {
  const payloads = sink.delivered().map((r) => r.body as Payload);
  const about = payloads.filter((p) => p.text.includes('CheckoutErrorRatio'));
  const heads = about.map((p) => p.attachments[0]!.blocks[0]!.text!.text);
  const first = heads.findIndex((h) => /^FIRING · warning · CheckoutErrorRatio \(demo-shop\)/.test(h));
  const up = heads.findIndex((h) => /^ESCALATED · warning → critical · CheckoutErrorRatio/.test(h));
  const resolved = heads.findIndex((h) => /^RESOLVED · CheckoutErrorRatio/.test(h));
  assert.ok(
    first >= 0 && up > first && resolved > up,
    `pages in order firing, escalated, resolved: ${heads.join(' | ')}`,
  );
  assert.match(JSON.stringify(about[up]), /value [\d.]+ &gt;= critical 0\.2/);
  for (const p of payloads) assertWithinSlackLimits(p);
}

test('the demo pages warning, escalates to critical with the reason, resolves, and the status page shows it live and silences from it', {
  timeout: 300_000,
}, async (t) => {
  const tmp = await demoTmpdir(t);
  const sink = new SlackSink();
  const webhook = await sink.start();
  t.after(() => sink.stop());
  const demo = await startDemo(['--once', '--quick', '--outage=600'], {
    SLACK_WEBHOOK_URL: webhook,
    TMPDIR: tmp,
    PROMETHEUS_BIN: binary('prometheus'),
  });
  t.after(() => demo.kill());
  const browser = await launchChromium();
  t.after(() => browser.close());

  // Critical, and by a margin: past 1.5 x the threshold the 30 s window has filled far enough with
  // outage traffic (45 % failing) that the value only climbs while the page is checked.
  const critical = await waitForAlert(
    demo.urls.status,
    'CheckoutErrorRatio',
    'critical',
    150_000,
    (v) => v >= 1.5 * CRITICAL,
  );
  await waitForAlert(demo.urls.status, 'CheckoutLatencyP99', 'critical', 60_000);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(demo.urls.status);
  await checkCriticalPage(page);
  await silenceFromPage(page);
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'status-page.png'), fullPage: true });
  await browser.close();
  // Still critical after all the looking: the value never came near the threshold.
  const after = await waitForAlert(
    demo.urls.status,
    'CheckoutErrorRatio',
    'critical',
    1000,
    (v) => v >= 1.5 * CRITICAL,
  );
  assert.ok(Number(after.value) >= Number(critical.value) - 0.1, `${critical.value} then ${after.value}`);

  // Payments are fixed: the demo must see the resolve, deliver it and exit 0.
  await setFaults(demo.urls.shop, { latencyMs: 0, errorRatio: 0 });
  const code = await demo.exit;
  assert.equal(code, 0, `demo --once failed:\n${demo.output().slice(-3000)}`);
  assert.match(demo.output(), /Paged at warning, escalated to critical, resolved/);
  checkSlackPayloads(sink);
  await assertNothingLeft(demo);
  await assertTempDirRemoved(tmp);
});

test('stopping the demo with SIGTERM leaves no process, no port and no temp dir behind', {
  timeout: 90_000,
}, async (t) => {
  const tmp = await demoTmpdir(t);
  const demo = await startDemo([], { TMPDIR: tmp, PROMETHEUS_BIN: binary('prometheus') });
  t.after(() => demo.kill());
  // Every part busy when it is stopped: Prometheus has scraped the shop's traffic and the alerting
  // service has evaluated its rules over it.
  const traffic = new URL(
    '/api/v1/query?query=sum(http_server_request_duration_seconds_count)',
    demo.urls.prometheus,
  );
  await waitFor(
    async () => {
      const body = (await (await fetch(traffic)).json()) as {
        data: { result: Array<{ value: [number, string] }> };
      };
      return Number(body.data.result[0]?.value[1] ?? 0) > 0;
    },
    30_000,
    () => `Prometheus saw no traffic:\n${demo.output()}`,
  );
  await waitFor(
    async () => (await fetch(new URL('/healthz', demo.urls.status))).ok,
    10_000,
    () => 'the alerting service is not healthy',
  );
  for (const url of Object.values(demo.urls))
    assert.equal(await portOpen(url), true, `${url} answers while running`);
  demo.child.kill('SIGTERM');
  assert.equal(await demo.exit, 0, demo.output());
  assert.match(demo.output(), /nothing left running/);
  await assertNothingLeft(demo);
  await assertTempDirRemoved(tmp);
});
