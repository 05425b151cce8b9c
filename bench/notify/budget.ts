/**
 * Notification budget (issue 6), against the real pipeline and a real Slack-compatible sink on
 * 127.0.0.1:
 *  A. 100 alerts firing at once in 5 groups reach Slack as <= 5 messages within group_wait + 1 s.
 *  B. With the per-webhook rate raised to 50 msg/s, 500 notifications drain through a sink that
 *     answers 429 (Retry-After) to every third post, without loss.
 * Run: node bench/notify/budget.ts [runs=5] [retryAfterSeconds=0.1]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../packages/alerting/src/alert.ts';
import { parseNotifyConfig } from '../../packages/alerting/src/notify/config/parseNotifyConfig.ts';
import { SlackSink } from '../../packages/alerting/src/notify/integrations/slack/slackSink.ts';
import { createNotifier } from '../../packages/alerting/src/notify/notifier.ts';

const runs = Number(process.argv[2] ?? 5);
const retryAfter = Number(process.argv[3] ?? 0.1);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const loc = { file: 'bench.yml', locate: () => ({ line: 0, column: 0 }) };

function mkAlert(i: number, groups: number): Alert {
  const labels = {
    alertname: 'HighErrorRate',
    service_name: `svc${i % groups}`,
    instance: `i${i}`,
    severity: 'warning',
  };
  return {
    fingerprint: `fp${i}`,
    labels,
    annotations: { summary: `errors on ${labels.service_name}` },
    state: 'firing',
    severity: 'warning',
    reasons: [],
    value: 0.1,
    activeAt: Date.now(),
    firedAt: Date.now(),
  };
}

async function scenario(opts: {
  alerts: number;
  groups: number;
  groupBy: string[];
  groupWait: string;
  perSecond: number;
  burst: number;
  every429?: number;
}) {
  const sink = new SlackSink();
  await sink.start();
  if (opts.every429) {
    const n429 = opts.every429;
    sink.script((n) => ((n + 1) % n429 === 0 ? { rateLimited: retryAfter } : 'ok'));
  }
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-bench-notify-'));
  const { config, issues } = parseNotifyConfig(
    {
      receivers: [
        {
          name: 'oncall',
          slack: { webhook_url: sink.url, rate_limit: { per_second: opts.perSecond, burst: opts.burst } },
        },
      ],
      route: { receiver: 'oncall', group_by: opts.groupBy, group_wait: opts.groupWait },
    },
    loc,
  );
  if (issues.length) throw new Error(JSON.stringify(issues));
  const notifier = createNotifier({ config, stateDir, query: async () => [], log: quiet });
  const alerts = Array.from({ length: opts.alerts }, (_, i) => mkAlert(i, opts.groups));
  const t0 = performance.now();
  await notifier.handle(
    alerts.map((alert) => ({ kind: 'firing' as const, alert, at: Date.now() })),
    alerts,
  );
  await new Promise((r) => setTimeout(r, 10));
  await notifier.drained();
  // group_wait runs on a timer: wait for the expected deliveries.
  await sink.waitForDelivered(opts.groups, 120_000);
  await notifier.drained();
  const ms = performance.now() - t0;
  const delivered = sink.delivered().length;
  const posts = sink.requests.length;
  const alertsDelivered = sink
    .delivered()
    .reduce((n, r) => n + Number(/(\d+) alerts/.exec(JSON.stringify(r.body))?.[1] ?? 1), 0);
  await notifier.close();
  await sink.stop();
  await rm(stateDir, { recursive: true, force: true });
  return { ms, delivered, posts, alertsDelivered };
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? 0, min: s[0] ?? 0, max: s.at(-1) ?? 0 };
};

const a: number[] = [];
const b: number[] = [];
for (let i = 0; i < runs; i++) {
  // Interleaved so machine noise hits both scenarios alike.
  const ra = await scenario({
    alerts: 100,
    groups: 5,
    groupBy: ['alertname', 'service_name'],
    groupWait: '1s',
    perSecond: 1,
    burst: 5,
  });
  if (ra.delivered > 5 || ra.alertsDelivered !== 100)
    throw new Error(`A: ${ra.delivered} messages for ${ra.alertsDelivered} alerts`);
  a.push(ra.ms);
  const rb = await scenario({
    alerts: 500,
    groups: 500,
    groupBy: ['...'],
    groupWait: '0s',
    perSecond: 50,
    burst: 5,
    every429: 3,
  });
  if (rb.delivered !== 500) throw new Error(`B: lost notifications: ${rb.delivered} of 500 delivered`);
  b.push(rb.ms);
  console.log(
    `run ${i + 1}: A ${ra.delivered} msgs in ${ra.ms.toFixed(0)} ms; B 500 delivered in ${rb.ms.toFixed(0)} ms over ${rb.posts} posts`,
  );
}
const fa = stats(a);
const fb = stats(b);
console.log(
  `A (group_wait 1s, budget <= 2000 ms): median ${fa.median.toFixed(0)} ms, min ${fa.min.toFixed(0)}, max ${fa.max.toFixed(0)}`,
);
console.log(
  `B (500 at 50 msg/s, 429 every 3rd, Retry-After ${retryAfter}s): median ${fb.median.toFixed(0)} ms, min ${fb.min.toFixed(0)}, max ${fb.max.toFixed(0)}`,
);
