/**
 * Breach -> Slack latency, golden-signals against Prometheus + Alertmanager on the same box, in
 * one run: one gauge server, one real Prometheus (Debian) scraping it every 1 s and evaluating the
 * same rule every 1 s with `for: 0s`, sending to a real Alertmanager (group_wait 1s,
 * group_interval 5s); our service (`run`, evaluation_interval 1s, same route timings) queries
 * that Prometheus. Both post to one Slack-compatible sink on 127.0.0.1 (different paths).
 * Each round sets the gauge above the threshold, waits for both FIRING posts, holds, sets it back
 * and waits for both RESOLVED posts; latency is from the gauge change to the post.
 *
 *   node bench/notify/versusAlertmanager.ts [--rounds 10] [--hold 3000]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runService } from '../../packages/alerting/src/cli/run.ts';
import { SlackSink } from '../../packages/alerting/src/notify/integrations/slack/slackSink.ts';
import { createLogger } from '../../packages/alerting/src/shared/log.ts';
import { startGaugeServer } from '../../packages/alerting/test/helpers/gaugeServer.ts';
import { startPrometheus } from '../../packages/alerting/test/helpers/prometheus.ts';
import { startAlertmanager } from '../../test/kit/alertmanager.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, hold: { type: 'string', default: '3000' } },
});
const ROUNDS = Number(values.rounds);
const HOLD_MS = Number(values.hold);
const RULE =
  'groups:\n  - name: bench\n    rules:\n      - alert: BenchBreach\n        expr: bench_value > 1\n        for: 0s\n        labels: { severity: critical }\n        annotations: { summary: "bench {{ $value }}" }\n';

/** A real Alertmanager posting to the sink's `slackUrl`, with the same route timings as ours. */
function startSlackAlertmanager(slackUrl: string) {
  return startAlertmanager({
    bin: '/usr/bin/prometheus-alertmanager',
    config: [
      'route: { receiver: slack, group_by: [alertname], group_wait: 1s, group_interval: 5s, repeat_interval: 4h }',
      'receivers:',
      '  - name: slack',
      '    slack_configs:',
      `      - { api_url: "${slackUrl}", channel: "#bench", send_resolved: true }`,
      '',
    ].join('\n'),
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
};
const fmt = (xs: number[]) =>
  `median ${(median(xs) / 1000).toFixed(2)} s (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;

/** Which pipeline a post came from and what it says. */
function classify(path: string, body: unknown): { who: 'gs' | 'am'; state: 'firing' | 'resolved' } {
  const who = path.includes('/am') ? 'am' : 'gs';
  const text = JSON.stringify(body);
  const state =
    who === 'am'
      ? /RESOLVED/.test(text)
        ? 'resolved'
        : 'firing'
      : /RESOLVED/.test(text)
        ? 'resolved'
        : 'firing';
  return { who, state };
}

const sink = new SlackSink();
await sink.start();
const base = sink.url.replace(/\/services\/.*/, '');
const gauge = await startGaugeServer();
gauge.set('bench_value', 0);
const am = await startSlackAlertmanager(`${base}/am`);
const prom = await startPrometheus({
  targets: [gauge.target],
  rules: { 'bench.yml': RULE },
  extraConfig: `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:${am.port}"]`,
});
const dir = await mkdtemp(join(tmpdir(), 'gs-bench-gs-'));
await writeFile(join(dir, 'bench.yml'), RULE);
await writeFile(
  join(dir, 'alerting.yml'),
  [
    `prometheus: { url: "${prom.url}" }`,
    'evaluation_interval: 1s',
    // Alertmanager has no flap detection: the bench's regular flips must not be held as flapping.
    'flap_detection: { window: 1m, max_flips: 1000 }',
    'rule_files: [bench.yml]',
    `state_dir: ${join(dir, 'data')}`,
    'receivers:',
    `  - { name: slack, slack: { webhook_url: "${base}/gs/services/T/B/x", rate_limit: { per_second: 10, burst: 10 } } }`,
    'route: { receiver: slack, group_by: [alertname], group_wait: 1s, group_interval: 5s, repeat_interval: 4h }',
    '',
  ].join('\n'),
);
const svc = await runService({
  configFile: join(dir, 'alerting.yml'),
  log: createLogger({ level: (process.env.BENCH_LOG as 'info') ?? 'error' }),
  signals: false,
  watchFiles: false,
});

const lat = {
  gs: { firing: [] as number[], resolved: [] as number[] },
  am: { firing: [] as number[], resolved: [] as number[] },
};
async function waitBoth(state: 'firing' | 'resolved', since: number, from: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  const seen = new Set<string>();
  while (seen.size < 2 && Date.now() < deadline) {
    for (const r of sink.requests.slice(from)) {
      const c = classify(r.path, r.body);
      if (c.state !== state || seen.has(c.who)) continue;
      seen.add(c.who);
      lat[c.who][state].push(r.at - since);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  if (seen.size < 2) throw new Error(`only ${[...seen].join()} posted ${state} within 30 s`);
}

try {
  await prom.waitFor('bench_value', () => true, 20_000);
  await new Promise((r) => setTimeout(r, 3000));
  for (let i = 0; i < ROUNDS; i++) {
    // A random phase against the 1 s scrape and evaluation ticks, as a real breach has.
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    let from = sink.requests.length;
    let t = Date.now();
    gauge.set('bench_value', 5);
    await waitBoth('firing', t, from);
    await new Promise((r) => setTimeout(r, HOLD_MS + Math.random() * 1000));
    from = sink.requests.length;
    t = Date.now();
    gauge.set('bench_value', 0);
    if (process.env.BENCH_LOG)
      process.stderr.write(
        `${JSON.stringify({ time: new Date(t).toISOString(), msg: 'BENCH resolve set' })}\n`,
      );
    await waitBoth('resolved', t, from);
    // Let both forget the group (Alertmanager drops a resolved group at its next flush).
    await new Promise((r) => setTimeout(r, 6000));
    process.stderr.write(`round ${i + 1}/${ROUNDS}\n`);
  }
  process.stdout.write(
    [
      `rounds: ${ROUNDS}, hold ${HOLD_MS} ms (+0-1 s), scrape/eval 1 s, group_wait 1 s, group_interval 5 s, for: 0s`,
      `golden-signals   firing   ${fmt(lat.gs.firing)}`,
      `Alertmanager     firing   ${fmt(lat.am.firing)}`,
      `golden-signals   resolved ${fmt(lat.gs.resolved)}`,
      `Alertmanager     resolved ${fmt(lat.am.resolved)}`,
      '',
    ].join('\n'),
  );
} finally {
  await svc.stop();
  await prom.stop();
  await am.stop();
  await gauge.close();
  await sink.stop();
  await rm(dir, { recursive: true, force: true });
}
