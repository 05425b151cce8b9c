/**
 * When writes need a token (the service listens beyond loopback), the status page still creates
 * and expires silences: the first refusal shows the token field, and the token typed there is
 * sent with the silence and with the Expire button. Real silences API, real notifier, Chromium.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createNotifier } from '../../../src/notify/notifier.ts';
import { handleSilencesHttp } from '../../../src/web/silencesApi.ts';
import { handleStatusPage } from '../../../src/web/status/statusPage.ts';
import { launchChromium } from '../../helpers/chromium.ts';
import { config, memoryLogger } from '../../notify/helpers/notifierHarness.ts';

test('the silence form asks for the token on the first refusal and then silences and expires with it', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-token-page-'));
  t.after(() => rm(stateDir, { recursive: true, force: true }));
  const notifier = createNotifier({
    config: config({ receivers: [{ name: 'r' }], route: { receiver: 'r' } }),
    stateDir,
    query: async () => [],
    log: memoryLogger(),
    token: 'page-token',
    listenIsLoopback: false,
  });
  t.after(() => notifier.close());
  const ctx = { engine: { alerts: () => [], history: () => [], lastCycleAt: () => Date.now() }, notifier };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (await handleStatusPage(req, res, url, ctx)) return;
      if (!(await handleSilencesHttp(req, res, url, await notifier.silenceAccess())))
        res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const form = page.locator('#silence-form');
  await form.locator('textarea[name="matchers"]').fill('alertname="CheckoutErrorRatio"');
  await form.locator('input[name="createdBy"]').fill('ana');
  await form.locator('input[name="comment"]').fill('deploy');
  const submit = page.getByRole('button', { name: 'Silence', exact: true });
  await submit.click();
  const result = page.locator('#silence-result');
  await page.waitForFunction(() =>
    /token/.test(
      (
        globalThis as unknown as { document: { getElementById(i: string): { textContent: string } } }
      ).document.getElementById('silence-result').textContent,
    ),
  );
  assert.match((await result.textContent()) ?? '', /a token is required/);
  assert.equal(notifier.silences().length, 0);
  const tokenField = form.locator('input[name="token"]');
  assert.ok(await tokenField.isVisible(), 'the token field appears');
  await tokenField.fill('page-token');
  await submit.click();
  await page.locator('#silences tr[data-silence]').waitFor();
  assert.equal(await result.textContent(), 'silenced');
  assert.equal(notifier.silences()[0]?.createdBy, 'ana');
  await page.getByRole('button', { name: 'Expire silence alertname="CheckoutErrorRatio"' }).click();
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { getElementById(i: string): { textContent: string } } }
      ).document.getElementById('silence-result').textContent === 'silence expired',
  );
  assert.ok(notifier.silences()[0]?.expiredAt, 'the Expire button sent the token too');
});
