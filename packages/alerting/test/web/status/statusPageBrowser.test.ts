/**
 * The status page as an on-call engineer sees it, in headless Chromium at desktop width and on a
 * 390 px phone, fed by a real Prometheus (backfilled history): values in their rule's unit,
 * muted alerts marked and not colouring cards, no data shown as unknown, no sideways scrolling,
 * badge contrast measured from the page's computed styles, charts with thresholds and words.
 * `STATUS_SCREENSHOT=docs/screenshot.png` writes the desktop screenshot of the README.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createPrometheusClient } from '../../../src/prometheus/client.ts';
import { handleStatusPage, type StatusContext } from '../../../src/web/status/statusPage.ts';
import { startBackfilledPrometheus } from '../../helpers/backfilledPrometheus.ts';
import { launchChromium } from '../../helpers/chromium.ts';
import { ALERTS, mutedBy, RULES, SHOP } from './statusFixture.ts';

async function serve(ctx: StatusContext) {
  const server = createServer((req, res) => {
    void handleStatusPage(req, res, new URL(req.url ?? '/', 'http://localhost'), ctx).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

type Rgb = [number, number, number];
function rgb(css: string): Rgb {
  const m = /rgba?\((\d+), (\d+), (\d+)/.exec(css);
  assert.ok(m, `a colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
function hue([r, g, b]: Rgb): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/** Each badge's class, text colour and background as the browser computed them. */
function badgeColours(page: Page) {
  return page.locator('.badge').evaluateAll((els) =>
    els.map((e) => {
      const s = (
        globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }
      ).getComputedStyle(e);
      return { cls: e.className, color: s.color, background: s.backgroundColor };
    }),
  );
}

/** Badge contrast ratios by class; every one must reach AA (4.5:1) for 12 px text. */
async function assertContrast(page: Page, seen: Map<string, number>) {
  for (const b of await badgeColours(page)) {
    const ratio = contrast(rgb(b.color), rgb(b.background));
    seen.set(b.cls, ratio);
    assert.ok(ratio >= 4.5, `${b.cls}: ${b.color} on ${b.background} is ${ratio.toFixed(2)}:1`);
  }
}

/**
 * Every chart's y axis is wider than its widest label plus tick and gap (the error-ratio axis
 * clipped "100.0 %"), and neighbouring x labels do not touch. Widths measured in the page.
 */
async function assertAxesReadable(page: Page, where: string) {
  const charts = await page.locator('.chart[data-y-axis]').evaluateAll((els) =>
    els.map((e) => {
      const d = (e as unknown as { dataset: Record<string, string> }).dataset;
      const c = (
        globalThis as unknown as {
          document: {
            createElement(t: string): {
              getContext(k: string): { font: string; measureText(t: string): { width: number } };
            };
          };
        }
      ).document
        .createElement('canvas')
        .getContext('2d');
      c.font = '12px system-ui, -apple-system, "Segoe UI", Arial, sans-serif';
      const y = JSON.parse(d.yAxis ?? '{}') as { size: number; labels: string[] };
      const x = JSON.parse(d.xAxis ?? '[]') as Array<[number, string]>;
      return {
        chart: `${d.service}/${d.chart}`,
        size: y.size,
        yLabels: y.labels.map((l) => [l, c.measureText(l).width] as const),
        xLabels: x.map(([pos, l]) => [pos, l, c.measureText(l).width] as const),
      };
    }),
  );
  assert.ok(charts.length >= 8, `${where}: every chart reported its axes`);
  for (const ch of charts) {
    for (const [label, w] of ch.yLabels)
      assert.ok(
        w + 15 <= ch.size,
        `${where} ${ch.chart}: y label "${label}" (${w.toFixed(0)} px) in a ${ch.size} px axis`,
      );
    for (let i = 1; i < ch.xLabels.length; i++) {
      const [p0, l0, w0] = ch.xLabels[i - 1]!;
      const [p1, l1, w1] = ch.xLabels[i]!;
      assert.ok(p1 - p0 >= (w0 + w1) / 2 + 4, `${where} ${ch.chart}: x labels "${l0}" and "${l1}" overlap`);
    }
  }
  return charts;
}

async function assertNoOverflow(page: Page, width: number) {
  const scroll = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  assert.ok(scroll <= width, `page is ${scroll} px wide in a ${width} px viewport`);
}

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

test('the status page shows values in their units, muted alerts as such, and fits a desktop and a 390 px phone', async (t) => {
  const prom = await startBackfilledPrometheus(SHOP);
  t.after(() => prom.stop());
  await prom.waitFor('sum(saturation_ratio)');
  const ctx: StatusContext = {
    engine: {
      alerts: () => [...ALERTS],
      history: () => [],
      lastCycleAt: () => Date.now(),
      rules: () => RULES,
    },
    notifier: { recent: () => [], silences: () => [], mutedBy },
    prometheus: createPrometheusClient({ url: prom.url }),
    statusWindow: '1m',
  };
  const { server, url } = await serve(ctx);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const ratios = new Map<string, number>();
  for (const vp of VIEWPORTS) {
    const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
    await page.goto(`${url}/`);
    await page
      .locator('.chart[data-chart="errorRatio"][data-service="checkout"] canvas')
      .waitFor({ timeout: 15_000 });
    const row = (name: string) => page.locator(`tr.alert-row[data-alertname="${name}"]`);
    const value = async (name: string) => (await row(name).locator('.value').textContent()) ?? '';
    assert.equal(await value('CheckoutLatencyP99'), '998 ms (threshold 500 ms)', vp.name);
    assert.equal(await value('SearchLatencyP99'), '2.3 s (threshold 1.5 s)');
    assert.equal(await value('CheckoutErrorRatio'), '31.0 % (threshold 20.0 %)');
    assert.equal(await value('HeapUsed'), '1.5 GiB');
    assert.equal(await row('SearchLatencyP99').getAttribute('data-muted'), 'silenced');
    assert.match((await row('SearchLatencyP99').locator('td.state').textContent()) ?? '', /silenced/);
    assert.equal(await row('MemorySaturation').getAttribute('data-muted'), 'inhibited');
    // The silenced critical latency alert does not paint the card red; the heard warning does.
    const card = (s: string) => page.locator(`.card[data-signal="${s}"]`);
    assert.equal(await card('latency').getAttribute('data-state'), 'warning');
    assert.match((await card('latency').textContent()) ?? '', /1 silenced or inhibited/);
    assert.equal(
      await card('saturation').getAttribute('data-state'),
      'ok',
      'the inhibited alert colours nothing',
    );
    assert.equal(await card('errors').getAttribute('data-state'), 'critical');
    assert.equal(await card('traffic').getAttribute('data-state'), 'ok');
    // Charts: threshold lines in the legend with words, and a text alternative.
    const errors = page.locator('.chart[data-chart="errorRatio"][data-service="checkout"]');
    const legend = (await errors.locator('.u-legend').textContent()) ?? '';
    assert.match(legend, /critical ≥ 20\.0 %/);
    assert.match(legend, /failed requests/);
    assert.doesNotMatch(legend, /errorRatio/);
    const words = (await errors.locator('.chart-text').textContent()) ?? '';
    assert.match(words, /now 31\.0 %/);
    assert.match(words, /critical ≥ 20\.0 % \(CheckoutErrorRatio\)/);
    // The plot fits its box (the last x label is not cut off).
    const [box, canvas] = await Promise.all(
      [errors, errors.locator('canvas').first()].map((l) =>
        l.evaluate((e) => e.getBoundingClientRect().right),
      ),
    );
    assert.ok(canvas! <= box!, `plot ends at ${canvas} px, its box at ${box} px`);
    const latency = page.locator('.chart[data-chart="p99"][data-service="checkout"]');
    const latencyWords = (await latency.locator('.chart-text').textContent()) ?? '';
    assert.match(latencyWords, /warning ≥ 500 ms \(CheckoutLatencyP99\)/);
    assert.doesNotMatch(latencyWords, /ApdexLow/, 'a ratio rule draws nothing on a seconds chart');
    // Every Silence button says which alert it silences.
    const names = await page
      .getByRole('button', { name: /^Silence / })
      .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.equal(names.length, ALERTS.length);
    assert.equal(new Set(names).size, names.length, names.join(' | '));
    await assertNoOverflow(page, vp.width);
    const axes = await assertAxesReadable(page, vp.name);
    const saturation = axes.find((a) => a.chart === 'checkout/saturation');
    assert.ok(
      saturation?.yLabels.some(([l]) => l === '100.0 %'),
      'the saturation axis reaches 100.0 %',
    );
    await assertContrast(page, ratios);
    if (vp.name === 'desktop' && process.env.STATUS_SCREENSHOT)
      await page.screenshot({ path: resolve(process.env.STATUS_SCREENSHOT), fullPage: true });
    if (vp.name === 'phone' && process.env.STATUS_SCREENSHOT_PHONE)
      await page.screenshot({ path: resolve(process.env.STATUS_SCREENSHOT_PHONE), fullPage: true });
    await page.close();
  }
  const bg = async (cls: string) => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.locator(`.badge.${cls}`).first().waitFor();
    const c = rgb(
      await page
        .locator(`.badge.${cls}`)
        .first()
        .evaluate(
          (e) =>
            (
              globalThis as unknown as {
                getComputedStyle(e: unknown): { color: string; backgroundColor: string };
              }
            ).getComputedStyle(e).backgroundColor,
        ),
    );
    await page.close();
    return c;
  };
  const [ok, info] = [await bg('ok'), await bg('info')];
  const apart = Math.abs(hue(ok) - hue(info));
  assert.ok(
    Math.min(apart, 360 - apart) >= 60,
    `info (${info}) must not look like ok (${ok}): hues ${apart}° apart`,
  );
  for (const cls of ['ok', 'info', 'warning', 'critical', 'pending', 'muted'])
    assert.ok(
      [...ratios.keys()].some((k) => k.split(' ').includes(cls)),
      `a ${cls} badge was measured`,
    );
  if (process.env.STATUS_CONTRAST_REPORT)
    console.log([...ratios].map(([k, v]) => `${k}: ${v.toFixed(2)}:1`).join('\n'));
});

test('without data the signal cards say unknown, not a green normal', async (t) => {
  const ctx: StatusContext = {
    engine: { alerts: () => [], history: () => [], lastCycleAt: () => Date.now() },
  };
  const { server, url } = await serve(ctx);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  for (const vp of VIEWPORTS) {
    const page = await browser.newPage({ viewport: { width: vp.width, height: vp.height } });
    await page.goto(`${url}/`);
    await page.locator('.card[data-signal="latency"]').waitFor();
    for (const s of ['latency', 'traffic', 'errors', 'saturation']) {
      const card = page.locator(`.card[data-signal="${s}"]`);
      assert.equal(await card.getAttribute('data-state'), 'unknown', s);
      assert.equal(await card.locator('.badge').textContent(), 'no data');
    }
    await assertNoOverflow(page, vp.width);
    await assertContrast(page, new Map());
    await page.close();
  }
});
