import { EVENT_NAME_PATTERN, isEventName, STANDARD_EVENTS } from '../eventName.ts';
import { hint } from './didYouMean.ts';
import type { Funnel, FunnelSpec, RevenueSpec } from './funnelSpec.ts';

type Path = ReadonlyArray<string | number>;

/** Reports one problem at a path (the loader turns paths into file positions). */
export type Report = (path: Path, message: string) => void;

const TOP_KEYS = ['events', 'funnels', 'revenue', 'interval'];
const FUNNEL_KEYS = ['name', 'steps', 'abandonment'];
const REVENUE_KEYS = ['purchase_event', 'checkout_route'];
const ABANDONMENT_KEYS = ['from', 'to'];
const DURATION = /^[1-9][0-9]*(ms|s|m|h)$/;

/**
 * Validates a parsed spec (plain data from YAML or TypeScript), reporting every problem with the
 * path of its field; returns the spec with defaults filled in, or undefined when anything is wrong.
 * Pure: no I/O, no positions (see loadFunnelSpec.ts for those).
 */
export function validateSpec(value: unknown, report: Report): FunnelSpec | undefined {
  let ok = true;
  const fail: Report = (path, message) => {
    ok = false;
    report(path, message);
  };
  if (!isRecord(value)) {
    fail([], 'expected a mapping with `funnels` (and optionally `events`, `revenue`, `interval`)');
    return undefined;
  }
  unknownKeys(value, [], TOP_KEYS, fail);
  const events = validateEvents(value.events, fail);
  const known = new Set(events);
  const funnels = validateFunnels(value.funnels, known, fail);
  const revenue = value.revenue === undefined ? undefined : validateRevenue(value.revenue, known, fail);
  let interval: string | undefined;
  if (value.interval !== undefined) {
    if (typeof value.interval === 'string' && DURATION.test(value.interval)) interval = value.interval;
    else fail(['interval'], `expected a duration like 15s or 1m, got ${show(value.interval)}`);
  }
  if (!ok) return undefined;
  return { events, funnels, ...(revenue ? { revenue } : {}), ...(interval ? { interval } : {}) };
}

function validateEvents(value: unknown, fail: Report): string[] {
  if (value === undefined) return Object.values(STANDARD_EVENTS);
  if (!Array.isArray(value) || value.length === 0) {
    fail(['events'], 'expected a non-empty list of event names');
    return [];
  }
  const seen = new Set<string>();
  value.forEach((e, i) => {
    if (!isEventName(e))
      fail(['events', i], `expected an event name matching ${EVENT_NAME_PATTERN.source}, got ${show(e)}`);
    else if (seen.has(e)) fail(['events', i], `event '${e}' is listed twice`);
    else seen.add(e);
  });
  return [...seen];
}

function validateFunnels(value: unknown, known: ReadonlySet<string>, fail: Report): Funnel[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(['funnels'], 'expected a non-empty list of funnels, each with `name` and `steps`');
    return [];
  }
  const names = new Set<string>();
  const out: Funnel[] = [];
  for (const [i, f] of value.entries()) {
    const at = ['funnels', i];
    if (!isRecord(f)) {
      fail(at, 'expected a mapping with `name` and `steps`');
      continue;
    }
    unknownKeys(f, at, FUNNEL_KEYS, fail);
    if (!isEventName(f.name))
      fail([...at, 'name'], `expected a name matching ${EVENT_NAME_PATTERN.source}, got ${show(f.name)}`);
    else if (names.has(f.name)) fail([...at, 'name'], `funnel '${f.name}' is defined twice`);
    else names.add(f.name);
    const steps = validateSteps(f.steps, [...at, 'steps'], known, fail);
    const abandonment = validateAbandonment(f.abandonment, [...at, 'abandonment'], steps, fail);
    out.push({ name: String(f.name), steps, ...(abandonment ? { abandonment } : {}) });
  }
  return out;
}

function validateSteps(value: unknown, at: Path, known: ReadonlySet<string>, fail: Report): string[] {
  if (!Array.isArray(value) || value.length < 2) {
    fail(at, 'expected a list of at least two steps (event names), in funnel order');
    return [];
  }
  const steps: string[] = [];
  for (const [i, s] of value.entries()) {
    const first = typeof s === 'string' ? steps.indexOf(s) : -1;
    if (typeof s !== 'string') {
      fail([...at, i], `expected an event name, got ${show(s)}`);
    } else if (!known.has(s)) {
      fail(
        [...at, i],
        `unknown step '${s}': not one of the events (${[...known].join(', ')})${hint(s, known)}`,
      );
    } else if (first >= 0) {
      const loop = [...steps.slice(first), s].join(' -> ');
      fail(
        [...at, i],
        `step '${s}' comes back after steps[${first}]: the cycle ${loop} has no conversion rate; a funnel runs one way`,
      );
    } else {
      steps.push(s);
    }
  }
  return steps;
}

function validateAbandonment(
  value: unknown,
  at: Path,
  steps: readonly string[],
  fail: Report,
): Funnel['abandonment'] {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    fail(at, 'expected a mapping with `from` and `to` (two steps of this funnel)');
    return undefined;
  }
  unknownKeys(value, at, ABANDONMENT_KEYS, fail);
  const from = stepOf(value.from, [...at, 'from'], steps, fail);
  const to = stepOf(value.to, [...at, 'to'], steps, fail);
  if (from === undefined || to === undefined) return undefined;
  if (steps.indexOf(from) >= steps.indexOf(to)) {
    fail([...at, 'to'], `'${to}' must come after '${from}' in the funnel's steps`);
    return undefined;
  }
  return { from, to };
}

function stepOf(value: unknown, at: Path, steps: readonly string[], fail: Report): string | undefined {
  if (typeof value === 'string' && steps.includes(value)) return value;
  const word = typeof value === 'string' ? value : '';
  fail(
    at,
    `unknown step ${show(value)}: expected one of this funnel's steps (${steps.join(', ')})${hint(word, steps)}`,
  );
  return undefined;
}

function validateRevenue(value: unknown, known: ReadonlySet<string>, fail: Report): RevenueSpec | undefined {
  if (!isRecord(value)) {
    fail(['revenue'], 'expected a mapping with `checkout_route` (and optionally `purchase_event`)');
    return undefined;
  }
  unknownKeys(value, ['revenue'], REVENUE_KEYS, fail);
  const purchase = value.purchase_event ?? STANDARD_EVENTS.PURCHASE;
  let ok = true;
  if (typeof purchase !== 'string' || !known.has(purchase)) {
    ok = false;
    const word = typeof purchase === 'string' ? purchase : '';
    fail(
      ['revenue', 'purchase_event'],
      `unknown event ${show(purchase)}: not one of the events${hint(word, known)}`,
    );
  }
  const route = value.checkout_route;
  if (typeof route !== 'string' || route.length === 0) {
    fail(
      ['revenue', 'checkout_route'],
      `expected the http_route of checkout requests (a regular expression like /checkout), got ${show(route)}`,
    );
    return undefined;
  }
  try {
    new RegExp(route);
  } catch (err) {
    fail(['revenue', 'checkout_route'], `not a valid regular expression: ${(err as Error).message}`);
    return undefined;
  }
  return ok ? { purchase_event: purchase as string, checkout_route: route } : undefined;
}

function unknownKeys(
  value: Record<string, unknown>,
  at: Path,
  allowed: readonly string[],
  fail: Report,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      fail([...at, key], `unknown field '${key}' (expected ${allowed.join(', ')})${hint(key, allowed)}`);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}
