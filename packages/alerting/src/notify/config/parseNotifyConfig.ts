import type { ConfigIssue, Locator } from '@golden-signals/config-issues';
import { SEVERITIES } from '../../alert.ts';
import type {
  AlertmanagerReceiverConfig,
  InhibitRule,
  NotifyConfig,
  ReceiverCommon,
  ReceiverConfig,
  RouteConfig,
} from '../types.ts';
import { ConfigReader, type Path } from './configReader.ts';
import { parseTimeIntervals } from './timeIntervalConfig.ts';

/** Alertmanager's defaults, so a route copied from an Alertmanager config behaves the same. */
const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000 };
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
  const names = new Set(receivers.map((x) => x.name));
  const intervalNames = new Set(timeIntervals.map((t) => t.name));
  let route: RouteConfig;
  if (top.route === undefined || top.route === null) {
    if (receivers.length > 0) r.fail(['route'], 'a route is required when receivers are configured');
    route = emptyRoute();
  } else {
    route = parseRoute(r, top.route, ['route'], '0', undefined, { names, intervalNames });
  }
  const inhibitRules = parseInhibitRules(r, top.inhibit_rules);
  return { config: { receivers, route, inhibitRules, timeIntervals }, issues: r.issues };
}

function emptyRoute(): RouteConfig {
  return {
    id: '0',
    receiver: '',
    groupBy: [],
    groupByAll: false,
    ...ROUTE_DEFAULTS,
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

interface Known {
  names: Set<string>;
  intervalNames: Set<string>;
}

const ROUTE_KEYS = [
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'matchers',
  'continue',
  'routes',
  'mute_time_intervals',
  'active_time_intervals',
];

function parseRoute(
  r: ConfigReader,
  value: unknown,
  path: Path,
  id: string,
  parent: RouteConfig | undefined,
  known: Known,
): RouteConfig {
  const o = r.object(value, path, ROUTE_KEYS) ?? {};
  const receiver = r.string(o.receiver, [...path, 'receiver']) ?? parent?.receiver;
  if (!receiver) r.fail([...path, 'receiver'], 'the top-level route needs a receiver');
  else if (!known.names.has(receiver)) {
    r.fail(
      [...path, 'receiver'],
      `no receiver named '${receiver}'; defined: ${[...known.names].join(', ') || 'none'}`,
    );
  }
  const groupBy = r.strings(o.group_by, [...path, 'group_by']) ?? parent?.groupBy ?? [];
  const checkIntervals = (key: string) => {
    const list = r.strings(o[key], [...path, key]) ?? [];
    for (const [i, n] of list.entries()) {
      if (!known.intervalNames.has(n)) r.fail([...path, key, i], `no time interval named '${n}'`);
    }
    return list;
  };
  const positive = (key: string, fallback: number) => {
    const ms = r.duration(o[key], [...path, key]);
    if (ms === 0) r.fail([...path, key], 'expected a duration greater than 0');
    return ms || fallback;
  };
  const base = parent ?? { ...ROUTE_DEFAULTS };
  const node: RouteConfig = {
    id,
    receiver: receiver ?? '',
    groupBy: groupBy.filter((l) => l !== '...'),
    groupByAll: groupBy.includes('...'),
    groupWaitMs: r.duration(o.group_wait, [...path, 'group_wait']) ?? base.groupWaitMs,
    groupIntervalMs: positive('group_interval', base.groupIntervalMs),
    repeatIntervalMs: positive('repeat_interval', base.repeatIntervalMs),
    matchers: r.matchers(o.matchers, [...path, 'matchers']),
    continue: r.bool(o.continue, [...path, 'continue']) ?? false,
    muteTimeIntervals: checkIntervals('mute_time_intervals'),
    activeTimeIntervals: checkIntervals('active_time_intervals'),
    routes: [],
  };
  if (!parent && node.matchers.length)
    r.fail([...path, 'matchers'], 'the top-level route matches everything; move matchers to a child route');
  const children = (r.list(o.routes, [...path, 'routes']) ?? []).map((child, i) =>
    parseRoute(r, child, [...path, 'routes', i], `${id}.${i}`, node, known),
  );
  return { ...node, routes: children };
}

function parseInhibitRules(r: ConfigReader, value: unknown): InhibitRule[] {
  const out: InhibitRule[] = [];
  for (const [i, item] of (r.list(value, ['inhibit_rules']) ?? []).entries()) {
    const path = ['inhibit_rules', i];
    const o = r.object(item, path, ['source_matchers', 'target_matchers', 'equal']);
    if (!o) continue;
    const sourceMatchers = r.matchers(o.source_matchers, [...path, 'source_matchers']);
    const targetMatchers = r.matchers(o.target_matchers, [...path, 'target_matchers']);
    if (!sourceMatchers.length) r.fail([...path, 'source_matchers'], 'expected at least one matcher');
    if (!targetMatchers.length) r.fail([...path, 'target_matchers'], 'expected at least one matcher');
    out.push({ sourceMatchers, targetMatchers, equal: r.strings(o.equal, [...path, 'equal']) ?? [] });
  }
  return out;
}
