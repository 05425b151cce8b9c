import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseNotifyConfig } from '../../../src/notify/config/parseNotifyConfig.ts';
import { SlackSink } from '../../../src/notify/integrations/slack/slackSink.ts';
import { createNotifier, type Notifier } from '../../../src/notify/notifier.ts';
import type { Clock } from '../../../src/shared/clock.ts';

/** A logger that keeps every line, so tests can assert what was (and was not) logged. */
export function memoryLogger() {
  const lines: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    lines.push({ level, msg, fields });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

export const noLocation = { file: 'alerting.yml', locate: () => ({ line: 1, column: 1 }) };

/** Parses a config object and fails loudly on issues (tests write valid configs). */
export function config(raw: unknown) {
  const { config, issues } = parseNotifyConfig(raw, noLocation);
  if (issues.length) throw new Error(issues.map((i) => `${i.field}: ${i.message}`).join('\n'));
  return config;
}

export interface Harness {
  sink: SlackSink;
  notifier: Notifier;
  stateDir: string;
  log: ReturnType<typeof memoryLogger>;
  cleanup(): Promise<void>;
}

/**
 * A notifier wired to a real Slack-compatible sink on 127.0.0.1. `route` and `slack` extend a
 * small default config; the caller passes the clock.
 */
export async function startHarness(o: {
  clock: Clock;
  route?: Record<string, unknown>;
  slack?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  stateDir?: string;
  sink?: SlackSink;
}): Promise<Harness> {
  const sink = o.sink ?? new SlackSink();
  if (!sink.url) await sink.start();
  const stateDir = o.stateDir ?? (await mkdtemp(join(tmpdir(), 'gs-notify-')));
  const log = memoryLogger();
  const cfg = config({
    receivers: [
      {
        name: 'oncall',
        slack: { webhook_url: sink.url, rate_limit: { per_second: 1000, burst: 1000 }, ...o.slack },
      },
    ],
    route: {
      receiver: 'oncall',
      group_by: ['alertname', 'service_name'],
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '4h',
      ...o.route,
    },
    ...o.extra,
  });
  const notifier = createNotifier({
    config: cfg,
    stateDir,
    query: async () => [],
    log,
    clock: o.clock,
    random: () => 0.5,
  });
  if ('settleWith' in o.clock)
    (o.clock as { settleWith: () => Promise<void> }).settleWith = () => notifier.idle();
  return {
    sink,
    notifier,
    stateDir,
    log,
    async cleanup() {
      await notifier.close();
      await sink.stop();
      // Retries: a state write the notifier started before close may still be landing (ENOTEMPTY).
      if (!o.stateDir) await rm(stateDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };
}
