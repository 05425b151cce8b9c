import { formatMatchers } from './format.ts';
import { type IssueList, LABEL_NAME, type Path, parseDuration } from './issues.ts';
import {
  compareMatchers,
  compileAnchored,
  type LabelSet,
  type Matcher,
  matchesAll,
  newMatcher,
} from './matcher.ts';
import { type ParserMode, parseMatcherList } from './parseMatchers.ts';

/** A node of the routing tree with every inherited option resolved, as Alertmanager's dispatch.Route. */
export interface Route {
  /** Path in the tree (`0`, `0.1`, `0.1.0`): stable across reloads of the same tree shape. */
  readonly id: string;
  /** Alertmanager's Idx: position in a post-order walk (children first, the root last). */
  readonly idx: number;
  readonly receiver: string;
  /** Sorted label names; with {@link groupByAll} they are ignored for grouping. */
  readonly groupBy: readonly string[];
  /** `group_by: ['...']`: every label groups. */
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  /** Not inherited: Alertmanager takes them from the node itself only. */
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  /** Route `labels` merged down the tree (child wins). Alertmanager renders them as Go templates; we keep the text. */
  readonly labels: LabelSet;
  /** `match`, `match_re` and `matchers` together, sorted as Alertmanager sorts them. */
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  /** Alertmanager's Route.Key(): the matchers of every node from the root, `{}/{team="db"}`. */
  readonly key: string;
}

/** Alertmanager's DefaultRouteOpts. */
export const ROUTE_DEFAULTS = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
};

const ROUTE_KEYS = [
  'receiver',
  'group_by',
  'match',
  'match_re',
  'matchers',
  'mute_time_intervals',
  'active_time_intervals',
  'continue',
  'routes',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'labels',
];

/** Options of {@link readRoute}. */
export interface ReadRouteOptions {
  readonly mode: ParserMode;
}

type Inherited = Pick<
  Route,
  'receiver' | 'groupBy' | 'groupByAll' | 'groupWaitMs' | 'groupIntervalMs' | 'repeatIntervalMs' | 'labels'
>;

/** True for a label name the mode accepts (classic: Prometheus' rule; otherwise any non-empty text). */
export function validLabelName(name: string, mode: ParserMode): boolean {
  return mode === 'classic' ? LABEL_NAME.test(name) : name.length > 0;
}

/** The legacy `match` / `match_re` maps as matchers (Alertmanager's AllMatchers / NewInhibitRule). */
export function legacyMatchers(
  r: IssueList,
  o: Record<string, unknown>,
  eqKey: string,
  reKey: string,
  path: Path,
): Matcher[] {
  const out: Matcher[] = [];
  for (const [name, value] of Object.entries(r.stringMap(o[eqKey], [...path, eqKey]) ?? {})) {
    if (!LABEL_NAME.test(name)) r.add([...path, eqKey, name], `invalid label name "${name}"`);
    else out.push(newMatcher('=', name, value ?? ''));
  }
  for (const [name, value] of Object.entries(r.stringMap(o[reKey], [...path, reKey]) ?? {})) {
    if (!LABEL_NAME.test(name)) r.add([...path, reKey, name], `invalid label name "${name}"`);
    else if (value === null) r.add([...path, reKey, name], `invalid regexp value for "${name}"`);
    else {
      try {
        compileAnchored(value);
        // Alertmanager builds these from the compiled regexp's String(), so the value it keeps
        // (and prints in route keys) is the anchored form; matching is the same.
        out.push(newMatcher('=~', name, `^(?:${value})$`));
      } catch (err) {
        r.add([...path, reKey, name], (err as Error).message);
      }
    }
  }
  return out;
}

/** A `matchers:` list, each string possibly holding several matchers. */
export function matcherList(r: IssueList, value: unknown, path: Path, mode: ParserMode): Matcher[] {
  const out: Matcher[] = [];
  for (const [i, line] of (r.strings(value, path) ?? []).entries()) {
    try {
      out.push(...parseMatcherList([line], mode));
    } catch (err) {
      r.add([...path, i], `${(err as Error).message} (in '${line}')`);
    }
  }
  return out;
}

function groupByOf(r: IssueList, o: Record<string, unknown>, path: Path, mode: ParserMode) {
  const list = r.strings(o.group_by, [...path, 'group_by']);
  if (list === undefined) return { labels: undefined, all: false };
  const labels: string[] = [];
  let all = false;
  const seen = new Set<string>();
  for (const [i, l] of list.entries()) {
    if (l === '...') all = true;
    else if (!validLabelName(l, mode))
      r.add([...path, 'group_by', i], `invalid label name "${l}" in group_by list`);
    else if (seen.has(l)) r.add([...path, 'group_by', i], `duplicated label "${l}" in group_by`);
    else {
      seen.add(l);
      labels.push(l);
    }
  }
  if (all && labels.length > 0)
    r.add([...path, 'group_by'], 'cannot have wildcard group_by (`...`) and other labels at the same time');
  // `['...']` leaves the label list unset, so the parent's labels are inherited (as Alertmanager).
  return { labels: all && labels.length === 0 ? undefined : labels.sort(), all };
}

function durationOf(r: IssueList, value: unknown, path: Path, nonZero: boolean): number | undefined {
  const text = r.scalar(value, path);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) r.add(path, `not a valid duration string: "${text}" (expected e.g. 30s, 5m, 4h)`);
  else if (nonZero && ms === 0) r.add(path, `${String(path[path.length - 1])} cannot be zero`);
  return ms;
}

function routeLabels(r: IssueList, o: Record<string, unknown>, path: Path, mode: ParserMode, base: LabelSet) {
  const own = r.stringMap(o.labels, [...path, 'labels']);
  if (!own || Object.keys(own).length === 0) return base;
  const merged: Record<string, string> = { ...base };
  for (const [k, v] of Object.entries(own)) {
    if (!validLabelName(k, mode)) r.add([...path, 'labels', k], `invalid label name "${k}" in route labels`);
    else merged[k] = v ?? '';
  }
  return merged;
}

interface Counter {
  n: number;
}

function readNode(
  r: IssueList,
  value: unknown,
  path: Path,
  id: string,
  base: Inherited,
  opts: ReadRouteOptions,
  counter: Counter,
  parentKey?: string,
): Route {
  const o = r.object(value, path, ROUTE_KEYS) ?? {};
  const gb = groupByOf(r, o, path, opts.mode);
  const inherited: Inherited = {
    receiver: r.scalar(o.receiver, [...path, 'receiver']) || base.receiver,
    groupBy: gb.labels ?? base.groupBy,
    groupByAll: gb.labels !== undefined && !gb.all ? false : gb.all || base.groupByAll,
    groupWaitMs: durationOf(r, o.group_wait, [...path, 'group_wait'], false) ?? base.groupWaitMs,
    groupIntervalMs:
      durationOf(r, o.group_interval, [...path, 'group_interval'], true) ?? base.groupIntervalMs,
    repeatIntervalMs:
      durationOf(r, o.repeat_interval, [...path, 'repeat_interval'], true) ?? base.repeatIntervalMs,
    labels: routeLabels(r, o, path, opts.mode, base.labels),
  };
  const matchers = [
    ...legacyMatchers(r, o, 'match', 'match_re', path),
    ...matcherList(r, o.matchers, [...path, 'matchers'], opts.mode),
  ].sort(compareMatchers);
  const cont = o.continue;
  if (cont !== undefined && typeof cont !== 'boolean') r.add([...path, 'continue'], 'expected true or false');
  const children = Array.isArray(o.routes) ? o.routes : [];
  if (o.routes !== undefined && o.routes !== null && !Array.isArray(o.routes))
    r.add([...path, 'routes'], 'expected a list of routes');
  const key = `${parentKey === undefined ? '' : `${parentKey}/`}${formatMatchers(matchers)}`;
  const routes = children.map((c, i) =>
    readNode(r, c, [...path, 'routes', i], `${id}.${i}`, inherited, opts, counter, key),
  );
  return {
    id,
    idx: counter.n++,
    ...inherited,
    muteTimeIntervals: r.strings(o.mute_time_intervals, [...path, 'mute_time_intervals']) ?? [],
    activeTimeIntervals: r.strings(o.active_time_intervals, [...path, 'active_time_intervals']) ?? [],
    matchers,
    continue: cont === true,
    routes,
    key,
  };
}

/**
 * Reads a routing tree (`route:` of an Alertmanager config) with Alertmanager's inheritance and
 * per-route validation. Tree-wide checks (root rules, receivers and time intervals that must
 * exist) are in {@link checkRouteTree}.
 */
export function readRoute(r: IssueList, value: unknown, path: Path, opts: ReadRouteOptions): Route {
  const base: Inherited = { receiver: '', groupBy: [], groupByAll: false, ...ROUTE_DEFAULTS, labels: {} };
  return readNode(r, value, path, '0', base, opts, { n: 0 });
}

/**
 * The routes that handle an alert, as Alertmanager's Route.Match: depth-first, children in
 * order, the first matching child ends the search unless it has `continue: true`, and a node
 * whose children all miss handles the alert itself. Each returned route sends its own
 * notification, even when two of them name the same receiver.
 */
export function matchRoutes(root: Route, labels: LabelSet): Route[] {
  return walk(root, labels) ?? [];
}

function walk(node: Route, labels: LabelSet): Route[] | undefined {
  if (!matchesAll(node.matchers, labels)) return undefined;
  const all: Route[] = [];
  for (const child of node.routes) {
    const got = walk(child, labels);
    if (got) all.push(...got);
    if (got && !child.continue) break;
  }
  return all.length > 0 ? all : [node];
}

/**
 * The labels that define an alert's group on a route, as Alertmanager's getGroupLabels: the
 * `group_by` labels the alert has (missing ones are left out), or all of them for `['...']`.
 */
export function groupLabels(route: Route, labels: LabelSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (route.groupByAll || route.groupBy.includes(k)) out[k] = v;
  return out;
}
