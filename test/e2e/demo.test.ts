/**
 * The whole pipeline as a newcomer runs it: `node packages/demo-shop/dist/demo.js --once` starts a
 * real Prometheus, the demo shop under the preload, the traffic generator with its scripted
 * incident and the alerting engine; Slack is a local Slack-compatible sink given as
 * SLACK_WEBHOOK_URL, so every payload can be checked. While the incident is critical, the status
 * page is opened in headless Chromium and a screenshot saved to test-results/status-page.png (the
 * README's docs/screenshot.png is a copy of one). Needs `npm run build` first (npm test does it).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SLACK_LIMITS } from '../../packages/alerting/src/notify/integrations/slack/slackMessage.ts';
import { SlackSink } from '../../packages/alerting/src/notify/integrations/slack/slackSink.ts';
import { launchChromium } from '../../packages/alerting/test/helpers/chromium.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const DEMO = join(ROOT, 'packages/demo-shop/dist/demo.js');
const RESULTS = join(ROOT, 'test-results');

interface Demo {
  readonly child: ChildProcess;
  readonly urls: { status: string; prometheus: string; shop: string; metrics: string };
  /** Every process the demo started (its children and theirs), seen while it ran. */
  readonly descendants: Set<number>;
  output(): string;
  exit: Promise<number | null>;
  kill(): void;
}

/** Children of `pid` from /proc (Linux), recursively. */
async function descendantsOf(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Exited while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function startDemo(args: string[], env: Record<string, string>): Promise<Demo> {
  const child = spawn(process.execPath, [DEMO, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  const deadline = Date.now() + 60_000;
  while (!/Slack: /.test(out)) {
    if (child.exitCode !== null) throw new Error(`demo exited early (${child.exitCode}):\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`demo did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const grab = (re: RegExp) => re.exec(out)?.[1] ?? assert.fail(`no ${re} in:\n${out}`);
  const descendants = new Set(await descendantsOf(child.pid!));
  const watcher = setInterval(async () => {
    if (child.exitCode !== null) return;
    for (const p of await descendantsOf(child.pid!)) descendants.add(p);
  }, 1000);
  void exit.then(() => clearInterval(watcher));
  return {
    child,
    urls: {
      status: grab(/Status page:\s+(\S+)/),
      prometheus: grab(/Prometheus:\s+(\S+)/),
      shop: grab(/Demo shop:\s+(\S+)/),
      metrics: grab(/metrics on (\S+)\)/),
    },
    descendants,
    output: () => out,
    exit,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const p of descendants) if (alive(p)) process.kill(p, 'SIGKILL');
    },
  };
}

async function assertNothingLeft(demo: Demo): Promise<void> {
  assert.ok(
    demo.descendants.size >= 3,
    `expected shop, Prometheus and alerting, saw ${[...demo.descendants]}`,
  );
  for (const pid of demo.descendants) assert.equal(alive(pid), false, `process ${pid} is still running`);
  for (const url of Object.values(demo.urls))
    assert.equal(await portOpen(url), false, `${url} still answers`);
}

async function waitForAlert(statusUrl: string, alertname: string, severity: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(new URL('/api/v1/alerts', statusUrl)).catch(() => undefined);
    const body = res?.ok
      ? ((await res.json()) as {
          data: { alerts: Array<{ labels: Record<string, string>; state: string; severity: string }> };
        })
      : undefined;
    const hit = body?.data.alerts.find(
      (a) => a.labels.alertname === alertname && a.state === 'firing' && a.severity === severity,
    );
    if (hit) return hit;
    if (Date.now() > deadline)
      assert.fail(`${alertname} was not firing at ${severity} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
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

test('the demo pages warning, escalates to critical with the reason, resolves, and the status page shows it live and silences from it', {
  timeout: 300_000,
}, async (t) => {
  const sink = new SlackSink();
  const webhook = await sink.start();
  t.after(() => sink.stop());
  // The outage is held longer than the demo's 35 s: the browser checks below must find it still
  // critical on a loaded machine.
  const demo = await startDemo(['--once', '--outage=75'], { SLACK_WEBHOOK_URL: webhook });
  t.after(() => demo.kill());

  await waitForAlert(demo.urls.status, 'CheckoutErrorRatio', 'critical', 120_000);

  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(demo.urls.status);
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
  // Silence the latency alert from its row, then expire the silence again, all from the page.
  await waitForAlert(demo.urls.status, 'CheckoutLatencyP99', 'critical', 60_000);
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
  await mkdir(RESULTS, { recursive: true });
  const shot = join(RESULTS, 'status-page.png');
  await page.screenshot({ path: shot, fullPage: true });
  await browser.close();

  const code = await demo.exit;
  assert.equal(code, 0, `demo --once failed:\n${demo.output().slice(-3000)}`);
  assert.match(demo.output(), /Paged at warning, escalated to critical, resolved/);

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

  await assertNothingLeft(demo);
});

test('stopping the demo with SIGTERM leaves no process and no port behind', {
  timeout: 90_000,
}, async (t) => {
  const demo = await startDemo([], {});
  t.after(() => demo.kill());
  // Let the generator and the first evaluations run, so every part is busy when it is stopped.
  await new Promise((r) => setTimeout(r, 3000));
  for (const url of Object.values(demo.urls))
    assert.equal(await portOpen(url), true, `${url} answers while running`);
  demo.child.kill('SIGTERM');
  assert.equal(await demo.exit, 0, demo.output());
  assert.match(demo.output(), /nothing left running/);
  await assertNothingLeft(demo);
});
