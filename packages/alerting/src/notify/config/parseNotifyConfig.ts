import { parseRoutingConfig, ROUTE_DEFAULTS } from '@golden-signals/alert-routing';
import type { ConfigIssue, Locator } from '@golden-signals/config-issues';
import { SEVERITIES } from '../../alert.ts';
import type {
  AlertmanagerReceiverConfig,
  NotifyConfig,
  ReceiverCommon,
  ReceiverConfig,
  RouteConfig,
} from '../types.ts';
import { ConfigReader, type Path } from './configReader.ts';
import { parseTimeIntervals } from './timeIntervalConfig.ts';

/**
 * Slack allows about one message per second per webhook with short bursts ("Rate limits", Slack
 * API docs). A burst of 5 lets the first flush of a typical incident (a handful of groups) out at
 * once: the budget is 5 groups within group_wait + 1 s.
 */
const DEFAULT_RATE = { perSecond: 1, burst: 5 };
const COMMON_KEYS = ['min_severity', 'send_resolved', 'rate_limit', 'retry_deadline', 'timeout'];

/**
 * Reads the notification part of the alerting config: the top-level keys `receivers`, `route`,
 * `inhibit_rules` and `mute_time_intervals` (or `time_intervals`). Returns every problem found;
 * the config is only usable when `issues` is empty. No receivers is valid: nobody is notified.
 */
export function parseNotifyConfig(
  raw: unknown,
  loc: Locator,
): { config: NotifyConfig; issues: ConfigIssue[] } {
  const r = new ConfigReader(loc);
  const top = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const receivers = parseReceivers(r, top.receivers);
  const timeIntervals = [
    ...parseTimeIntervals(r, top.mute_time_intervals, ['mute_time_intervals']),
    ...parseTimeIntervals(r, top.time_intervals, ['time_intervals']),
  ];
  let routing: Pick<NotifyConfig, 'route' | 'inhibitRules'> = { route: emptyRoute(), inhibitRules: [] };
  if (top.route === undefined || top.route === null) {
    if (receivers.length > 0) r.fail(['route'], 'a route is required when receivers are configured');
  } else {
    routing = parseRouting(r, top);
  }
  const { route, inhibitRules } = routing;
  return { config: { receivers, route, inhibitRules, timeIntervals }, issues: r.issues };
}

function emptyRoute(): RouteConfig {
  return {
    id: '0',
    idx: 0,
    key: '{}',
    receiver: '',
    groupBy: [],
    groupByAll: false,
    ...ROUTE_DEFAULTS,
    labels: {},
    matchers: [],
    continue: false,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    routes: [],
  };
}

function parseReceivers(r: ConfigReader, value: unknown): ReceiverConfig[] {
  const out: ReceiverConfig[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (r.list(value, ['receivers']) ?? []).entries()) {
    const path = ['receivers', i];
    const o = r.object(item, path, ['name', 'slack', 'webhook', 'alertmanager']);
    if (!o) {
      if (item === null || item === undefined) r.fail(path, 'expected a receiver with a name');
      continue;
    }
    const name = r.string(o.name, [...path, 'name']);
    if (!name) {
      r.fail([...path, 'name'], 'every receiver needs a name');
      continue;
    }
    if (seen.has(name)) r.fail([...path, 'name'], `receiver '${name}' is defined twice`);
    seen.add(name);
    const slack = parseSlack(r, o.slack, [...path, 'slack']);
    const webhook = parseWebhook(r, o.webhook, [...path, 'webhook']);
    const alertmanager = parseAlertmanager(r, o.alertmanager, [...path, 'alertmanager']);
    out.push({ name, slack, webhook, alertmanager });
  }
  return out;
}

function parseCommon(r: ConfigReader, o: Record<string, unknown>, path: Path): ReceiverCommon {
  const min = r.string(o.min_severity, [...path, 'min_severity']);
  if (min !== undefined && !(SEVERITIES as readonly string[]).includes(min)) {
    r.fail([...path, 'min_severity'], `expected one of ${SEVERITIES.join(', ')}, got '${min}'`);
  }
  const rl = r.object(o.rate_limit, [...path, 'rate_limit'], ['per_second', 'burst']);
  const perSecond =
    r.positiveNumber(rl?.per_second, [...path, 'rate_limit', 'per_second']) ?? DEFAULT_RATE.perSecond;
  const burst = r.positiveNumber(rl?.burst, [...path, 'rate_limit', 'burst']) ?? DEFAULT_RATE.burst;
  return {
    minSeverity: min,
    sendResolved: r.bool(o.send_resolved, [...path, 'send_resolved']) ?? true,
    rateLimit: { perSecond, burst: Math.max(1, Math.floor(burst)) },
    retryDeadlineMs: r.duration(o.retry_deadline, [...path, 'retry_deadline']) ?? 10 * 60_000,
    timeoutMs: r.duration(o.timeout, [...path, 'timeout']) ?? 10_000,
  };
}

function parseSlack(r: ConfigReader, value: unknown, path: Path): ReceiverConfig['slack'] {
  const o = r.object(value, path, ['webhook_url', 'channel', ...COMMON_KEYS]);
  if (!o) return undefined;
  if (o.webhook_url === undefined)
    r.fail([...path, 'webhook_url'], 'expected the Slack incoming-webhook URL');
  const webhookUrl = r.url(o.webhook_url, [...path, 'webhook_url']);
  const channel = r.string(o.channel, [...path, 'channel']);
  const common = parseCommon(r, o, path);
  return webhookUrl ? { ...common, webhookUrl, channel } : undefined;
}

function parseWebhook(r: ConfigReader, value: unknown, path: Path): ReceiverConfig['webhook'] {
  const o = r.object(value, path, ['url', 'max_alerts', ...COMMON_KEYS]);
  if (!o) return undefined;
  if (o.url === undefined) r.fail([...path, 'url'], 'expected the URL to POST to');
  const url = r.url(o.url, [...path, 'url']);
  const maxAlerts =
    o.max_alerts === undefined ? 0 : (r.positiveNumber(o.max_alerts, [...path, 'max_alerts']) ?? 0);
  const common = parseCommon(r, o, path);
  return url ? { ...common, url, maxAlerts: Math.floor(maxAlerts) } : undefined;
}

function parseAlertmanager(
  r: ConfigReader,
  value: unknown,
  path: Path,
): AlertmanagerReceiverConfig | undefined {
  const o = r.object(value, path, ['urls', 'resend_interval', ...COMMON_KEYS]);
  if (!o) return undefined;
  const raw = r.list(o.urls, [...path, 'urls']);
  if (!raw || raw.length === 0) r.fail([...path, 'urls'], 'expected a list of Alertmanager base URLs');
  const urls: string[] = [];
  for (const [i, u] of (raw ?? []).entries()) {
    const url = r.url(u, [...path, 'urls', i]);
    if (url) urls.push(url.replace(/\/+$/, ''));
  }
  const common = parseCommon(r, o, path);
  const resendIntervalMs = r.duration(o.resend_interval, [...path, 'resend_interval']) ?? 60_000;
  return urls.length ? { ...common, urls, resendIntervalMs } : undefined;
}

/**
 * `route` and `inhibit_rules` through alert-routing, with Alertmanager's rules: legacy
 * `match`/`match_re`/`source_match*`/`target_match*`, brace and several-in-one matchers, route
 * `labels`, `group_by: ['...']` inherited, `...` with other labels and duplicates rejected.
 */
function parseRouting(
  r: ConfigReader,
  top: Record<string, unknown>,
): Pick<NotifyConfig, 'route' | 'inhibitRules'> {
  const { config, issues } = parseRoutingConfig(top);
  for (const issue of issues) r.fail(issue.path, issue.message);
  return { route: config?.route ?? emptyRoute(), inhibitRules: config?.inhibitRules ?? [] };
}
