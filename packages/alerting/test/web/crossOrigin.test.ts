/**
 * Web security as a browser exercises it (Debian's Chromium through playwright-core): a page on
 * another origin (another 127.0.0.1 port) tries to create a silence of every alert and to reload
 * the config with a no-cors fetch and with plain HTML forms; a page reached through a re-pointed
 * name (DNS rebinding, simulated by Chromium's host resolver rules) tries to read the API; a page
 * tries to frame the status page. The status page itself, same-origin, must still work, with the
 * token when one is set.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { type Service, startService } from './helpers/service.ts';

const EVERY_ALERT = JSON.stringify({
  matchers: ['alertname=~".+"', 'severity!="none"'],
  duration: '720h',
  createdBy: 'attacker',
  comment: 'x',
});

/** Pages of the other origin, each trying one attack against `target`. */
function attackPages(target: string): Record<string, string> {
  const fetchAttack = (path: string, body: string) =>
    `<script>fetch(${JSON.stringify(target + path)}, {method: 'POST', mode: 'no-cors', headers: {'content-type': 'application/json'}, body: ${JSON.stringify(body)}}).finally(() => { document.title = 'done'; });</script>`;
  // The classic text/plain form that smuggles a JSON body: name + "=" + value.
  const [name, value] = [`${EVERY_ALERT.slice(0, -1)},"pad":"`, '"}'];
  const form = (path: string, enctype: string) =>
    `<iframe name="sink" onload="if (this.dataset.n) document.title = 'done'; this.dataset.n = 1"></iframe><form method="POST" target="sink" enctype="${enctype}" action="${target}${path}"><input name='${name}' value='${value}'></form><script>document.forms[0].submit();</script>`;
  return {
    '/fetch-v1': fetchAttack('/api/v1/silences', EVERY_ALERT),
    '/fetch-v2': fetchAttack('/api/v2/silences', EVERY_ALERT),
    '/fetch-reload': fetchAttack('/-/reload', ''),
    '/form-v1': form('/api/v1/silences', 'text/plain'),
    '/form-v2': form('/api/v2/silences', 'text/plain'),
    '/form-reload': form('/-/reload', 'application/x-www-form-urlencoded'),
    '/frame': `<iframe id="f" src="${target}/"></iframe>`,
  };
}

async function serve(pages: Record<string, string>): Promise<Server & { url: string }> {
  const server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(server, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

async function silences(svc: Service, headers: Record<string, string> = {}): Promise<unknown[]> {
  const res = await fetch(`${svc.url}/api/v1/silences`, { headers });
  return ((await res.json()) as { data: unknown[] }).data;
}

/** Runs in the page (the status page's CSP forbids evaluating strings there). */
type Doc = { document: { getElementById(id: string): { textContent: string | null } | null } };
const silencedShown = () =>
  (globalThis as unknown as Doc).document.getElementById('silence-result')?.textContent === 'silenced';

const reloads = (svc: Service) => svc.logs().split('"msg":"config reloaded"').length - 1;

function launch(port: number): Promise<Browser> {
  return launchChromium([
    // DNS rebinding without DNS: evil.example resolves to our loopback service.
    `--host-resolver-rules=MAP evil.example 127.0.0.1, EXCLUDE localhost`,
    `--unsafely-treat-insecure-origin-as-secure=http://evil.example:${port}`,
  ]);
}

describe('web security against a page on another origin, in Chromium', () => {
  let svc: Service;
  let evil: Server & { url: string };
  let browser: Browser;
  before(async () => {
    svc = await startService();
    evil = await serve(attackPages(svc.url));
    browser = await launch(Number(new URL(svc.url).port));
  });
  after(async () => {
    await browser?.close();
    evil?.close();
    await svc?.stop();
  });

  for (const path of ['/fetch-v1', '/fetch-v2', '/form-v1', '/form-v2']) {
    it(`${path}: creates no silence`, async () => {
      const page = await browser.newPage();
      await page.goto(evil.url + path);
      await page.waitForFunction("document.title === 'done'", undefined, { timeout: 10_000 });
      await page.close();
      assert.deepEqual(await silences(svc), []);
    });
  }

  for (const path of ['/fetch-reload', '/form-reload']) {
    it(`${path}: does not reload the config`, async () => {
      const before = reloads(svc);
      const page = await browser.newPage();
      await page.goto(evil.url + path);
      await page.waitForFunction("document.title === 'done'", undefined, { timeout: 10_000 });
      await page.close();
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(reloads(svc), before);
    });
  }

  it('a same-origin JSON POST (what the status page sends) does reload: the checks above can fail', async () => {
    const before = reloads(svc);
    const res = await fetch(`${svc.url}/-/reload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(reloads(svc), before + 1);
  });

  it('the status page refuses to be framed', async () => {
    const page = await browser.newPage();
    await page.goto(`${evil.url}/frame`);
    await page.waitForTimeout(1_000);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const framed = await frame
      ?.evaluate("document.getElementById('silence-form') !== null")
      .catch(() => false);
    assert.equal(framed, false, 'the status page rendered inside a frame of another origin');
    await page.close();
    const direct = await fetch(`${svc.url}/`);
    assert.match(direct.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(direct.headers.get('x-frame-options'), 'DENY');
  });

  it('DNS rebinding: a page served as evil.example cannot read the API', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`http://evil.example:${new URL(svc.url).port}/api/v1/alerts`);
    assert.equal(res?.status(), 421);
    await page.close();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${svc.url}/api/v1/silences`, { headers: { host: 'evil.example' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject).end();
    });
    assert.equal(status, 421);
  });

  it('the status page itself creates a silence (same origin, JSON)', async () => {
    const page = await browser.newPage();
    await page.goto(`${svc.url}/`);
    await page.fill('textarea[name=matchers]', 'alertname="FromStatusPage"');
    await page.fill('input[name=createdBy]', 'alice');
    await page.fill('input[name=comment]', 'deploy');
    await page.click('#silence-form button[type=submit], #silence-form input[type=submit]');
    await page.waitForFunction(silencedShown);
    await page.close();
    assert.equal((await silences(svc)).length, 1);
  });
});

describe('with a token set, the status page sends it', () => {
  let svc: Service;
  let browser: Browser;
  before(async () => {
    svc = await startService({ GOLDEN_SIGNALS_ALERTING_TOKEN: 's3cret-token' });
    browser = await launch(Number(new URL(svc.url).port));
  });
  after(async () => {
    await browser?.close();
    await svc?.stop();
  });

  it('a write without the token is refused; entered once on the page, it is sent', async () => {
    const plain = await fetch(`${svc.url}/api/v1/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ matchers: ['alertname="X"'], duration: '1h', createdBy: 'a', comment: 'b' }),
    });
    assert.equal(plain.status, 401);
    const page = await browser.newPage();
    await page.goto(`${svc.url}/`);
    await page.fill('textarea[name=matchers]', 'alertname="WithToken"');
    await page.fill('input[name=createdBy]', 'alice');
    await page.fill('input[name=comment]', 'deploy');
    const submit = '#silence-form button[type=submit], #silence-form input[type=submit]';
    await page.click(submit);
    await page.waitForSelector('#token-label:not([hidden])');
    await page.fill('input[name=token]', 's3cret-token');
    await page.click(submit);
    await page.waitForFunction(silencedShown);
    await page.close();
    assert.equal((await silences(svc, { authorization: 'Bearer s3cret-token' })).length, 1);
  });
});
