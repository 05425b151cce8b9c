/**
 * The status page served by a real HTTP server and rendered in headless Chromium: label values
 * stay text (no markup, no script), and the uPlot assets are served from node_modules.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Alert } from '../../../src/alert.ts';
import { assetFor } from '../../../src/web/status/statusAssets.ts';
import { handleStatusPage, type StatusContext } from '../../../src/web/status/statusPage.ts';
import { launchChromium } from '../../helpers/chromium.ts';

const EVIL = '<img src=x onerror="window.__pwned=1">';

const evilAlert: Alert = {
  fingerprint: 'f1',
  labels: { alertname: 'HTTPErrorRatio', service_name: EVIL, severity: 'critical' },
  annotations: { summary: `${EVIL} fails` },
  state: 'firing',
  severity: 'critical',
  reasons: [`raised: ${EVIL}`],
  value: 0.4,
  threshold: 0.1,
  activeAt: Date.now() - 60_000,
  firedAt: Date.now() - 30_000,
};

async function serve(ctx: StatusContext) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void handleStatusPage(req, res, url, ctx).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// The engine and notifier here are plain data holders with the engine's read-only surface: the
// page only reads them, and the real ones run in test/e2e/demo.test.ts.
const ctx: StatusContext = {
  engine: { alerts: () => [evilAlert], history: () => [], lastCycleAt: () => Date.now() },
  notifier: { recent: () => [], silences: () => [] },
};

test('the page script never writes HTML from data', () => {
  const script = String(assetFor('/status/assets/status.js')?.body ?? '');
  assert.ok(script.length > 1000, 'the bundled script is served');
  assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

test('the page, its script, uPlot and an empty favicon are served; other paths are left to the API server', async (t) => {
  const { server, url } = await serve(ctx);
  t.after(() => server.close());
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const uplot = await fetch(`${url}/status/assets/uPlot.iife.min.js`);
  assert.equal(uplot.status, 200);
  assert.match(await uplot.text(), /uPlot/);
  assert.equal((await fetch(`${url}/api/v1/alerts`)).status, 404);
  assert.equal((await fetch(`${url}/favicon.ico`)).status, 204, 'no 404 in the browser console');
  const summary = (await (await fetch(`${url}/status/api/summary`)).json()) as {
    prometheus: { ok: boolean };
    alerts: unknown[];
  };
  assert.equal(summary.prometheus.ok, false, 'no Prometheus configured is reported, not hidden');
  assert.equal(summary.alerts.length, 1);
});

test('label values, summaries and reasons are shown as text and never run as markup', async (t) => {
  const { server, url } = await serve(ctx);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`${url}/`);
  const row = page.locator('tr.alert-row[data-alertname="HTTPErrorRatio"]');
  await row.waitFor({ timeout: 10_000 });
  const text = (await row.textContent()) ?? '';
  assert.ok(text.includes(EVIL), 'the service name is shown literally');
  assert.ok(text.includes(`raised: ${EVIL}`), 'the reason is shown literally');
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('.card[data-signal="errors"]').getAttribute('data-state'), 'critical');
  assert.match((await page.locator('#problem').textContent()) ?? '', /Prometheus/);
});
