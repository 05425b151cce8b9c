import { type InhibitRule, readInhibitRules } from './inhibit.ts';
import { IssueList, type Path, type RoutingIssue } from './issues.ts';
import type { ParserMode } from './parseMatchers.ts';
import { type Route, readRoute } from './route.ts';

/** The routing part of an Alertmanager config, read and checked. */
export interface RoutingConfig {
  readonly route: Route;
  readonly inhibitRules: readonly InhibitRule[];
}

/** Options of {@link parseRoutingConfig}. */
export interface RoutingConfigOptions {
  /** Matcher grammar; Alertmanager's default is `fallback`. */
  readonly mode?: ParserMode;
}

function names(r: IssueList, list: unknown, key: string): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(list)) return out;
  for (const [i, item] of list.entries()) {
    const name = item && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string' || name === '') continue;
    if (key !== 'receivers' && out.has(name))
      r.add([key, i, 'name'], `time interval "${name}" is not unique`);
    out.add(name);
  }
  return out;
}

/** Receivers and time intervals every route must name, as Alertmanager's checkReceiver / checkTimeInterval. */
function checkTree(
  r: IssueList,
  route: Route,
  path: Path,
  receivers: Set<string>,
  intervals: Set<string>,
  raw: unknown,
): void {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (typeof o.receiver === 'string' && o.receiver !== '' && !receivers.has(o.receiver))
    r.add([...path, 'receiver'], `undefined receiver "${o.receiver}" used in route`);
  for (const key of ['active_time_intervals', 'mute_time_intervals'] as const) {
    const list = key === 'active_time_intervals' ? route.activeTimeIntervals : route.muteTimeIntervals;
    for (const [i, ti] of list.entries())
      if (!intervals.has(ti)) r.add([...path, key, i], `undefined time interval "${ti}" used in route`);
  }
  const children = Array.isArray(o.routes) ? o.routes : [];
  route.routes.forEach((child, i) => {
    checkTree(r, child, [...path, 'routes', i], receivers, intervals, children[i]);
  });
}

function checkRoot(r: IssueList, route: Route, raw: Record<string, unknown>): void {
  if (!route.receiver) r.add(['route', 'receiver'], 'root route must specify a default receiver');
  if (route.matchers.length > 0 || raw.match || raw.match_re)
    r.add(['route', 'matchers'], 'root route must not have any matchers');
  if (route.muteTimeIntervals.length > 0)
    r.add(['route', 'mute_time_intervals'], 'root route must not have any mute time intervals');
  if (route.activeTimeIntervals.length > 0)
    r.add(['route', 'active_time_intervals'], 'root route must not have any active time intervals');
  if (route.continue) r.add(['route', 'continue'], 'cannot have continue in root route');
}

/**
 * Reads `route`, `inhibit_rules`, and the names of `receivers`, `time_intervals` and
 * `mute_time_intervals` from a parsed Alertmanager-style config, with Alertmanager's rules. The
 * config is usable only when `issues` is empty; every issue has a path into the document.
 */
export function parseRoutingConfig(
  raw: unknown,
  opts: RoutingConfigOptions = {},
): { config: RoutingConfig | undefined; issues: RoutingIssue[] } {
  const mode = opts.mode ?? 'fallback';
  const r = new IssueList();
  const top = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (top.route === undefined || top.route === null) {
    r.add(['route'], 'no route provided in config');
    return { config: undefined, issues: r.issues };
  }
  const route = readRoute(r, top.route, ['route'], { mode });
  checkRoot(r, route, (typeof top.route === 'object' ? top.route : {}) as Record<string, unknown>);
  const receivers = names(r, top.receivers, 'receivers');
  const intervals = new Set([
    ...names(r, top.mute_time_intervals, 'mute_time_intervals'),
    ...names(r, top.time_intervals, 'time_intervals'),
  ]);
  checkTree(r, route, ['route'], receivers, intervals, top.route);
  const inhibitRules = readInhibitRules(r, top.inhibit_rules, mode);
  return { config: { route, inhibitRules }, issues: r.issues };
}
