/**
 * Reads the `severity:` extension of an alerting rule (tiers or threshold+profile, direction,
 * recover, context) and checks it makes sense: tiers in order, recover on the quiet side, known
 * time zones, valid PromQL in `when`.
 */
import { SEVERITIES, type Severity } from '../alert.ts';
import {
  DEFAULT_HYSTERESIS,
  defaultRecover,
  PROFILES,
  type Profile,
  profileTiers,
} from '../core/severity.ts';
import { isValidTimezone } from '../core/timeWindow.ts';
import type { Checker } from '../shared/checker.ts';
import type { ContextRule, Direction, SeveritySpec, Tier, TimeWindow } from '../types.ts';
import { checkPromql } from './checkPromql.ts';

type Path = (string | number)[];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Parses `raw` at `path`; returns undefined when it is absent or invalid (issues recorded). */
export function parseSeverity(c: Checker, raw: unknown, path: Path): SeveritySpec | undefined {
  const obj = c.map(raw, path);
  if (!obj) return undefined;
  c.keys(obj, path, ['thresholds', 'threshold', 'profile', 'direction', 'recover', 'hysteresis', 'context']);
  const before = c.issues.length;
  const direction = (c.str(obj, 'direction', path) ?? 'above') as Direction;
  if (direction !== 'above' && direction !== 'below') {
    c.fail([...path, 'direction'], `expected above or below, got '${direction}'`);
  }
  const { tiers, recover } = parseBands(c, obj, path, direction, parseTiers(c, obj, path, direction));
  const context = parseContext(c, obj.context, [...path, 'context']);
  if (c.issues.length > before) return undefined;
  return { tiers, direction, ...(recover !== undefined ? { recover } : {}), context };
}

type Obj = Record<string, unknown>;

/** The tiers, from `thresholds:` or from `threshold` + `profile` (none when neither is given). */
function parseTiers(c: Checker, obj: Obj, path: Path, direction: Direction): Tier[] {
  if (obj.thresholds !== undefined) return parseThresholds(c, obj, path, direction);
  if (obj.threshold !== undefined || obj.profile !== undefined) return parseProfile(c, obj, path, direction);
  return [];
}

/** `thresholds: { info, warning, critical }`, in order for the direction. */
function parseThresholds(c: Checker, obj: Obj, path: Path, direction: Direction): Tier[] {
  const tiers: Tier[] = [];
  if (obj.threshold !== undefined || obj.profile !== undefined) {
    c.fail([...path, 'thresholds'], 'use either thresholds or threshold + profile, not both');
  }
  const t = c.map(obj.thresholds, [...path, 'thresholds']) ?? {};
  for (const [k, v] of Object.entries(t)) {
    if (!SEVERITIES.includes(k as Severity)) {
      c.fail([...path, 'thresholds', k], `unknown severity '${k}': expected info, warning or critical`);
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      c.fail([...path, 'thresholds', k], `expected a number, got ${JSON.stringify(v)}`);
    } else tiers.push({ severity: k as Severity, threshold: v });
  }
  if (Object.keys(t).length === 0)
    c.fail([...path, 'thresholds'], 'expected at least one of info, warning, critical');
  tiers.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  for (let i = 1; i < tiers.length; i++) {
    const lo = tiers[i - 1] as Tier;
    const hi = tiers[i] as Tier;
    const ok = direction === 'below' ? hi.threshold < lo.threshold : hi.threshold > lo.threshold;
    if (!ok) {
      c.fail(
        [...path, 'thresholds', hi.severity],
        `${hi.severity} ${hi.threshold} must be ${direction === 'below' ? 'below' : 'above'} ${lo.severity} ${lo.threshold} (direction ${direction})`,
      );
    }
  }
  return tiers;
}

/** `threshold` + `profile`: the profile's tiers from one threshold. */
function parseProfile(c: Checker, obj: Obj, path: Path, direction: Direction): Tier[] {
  const threshold = c.num(obj, 'threshold', path, true);
  const profile = c.str(obj, 'profile', path, true);
  if (profile !== undefined && !PROFILES.includes(profile as Profile)) {
    c.fail([...path, 'profile'], `unknown profile '${profile}': expected ${PROFILES.join(' or ')}`);
  } else if (profile === 'utilization' && threshold !== undefined && (threshold <= 0 || threshold >= 1)) {
    c.fail([...path, 'threshold'], `the utilization profile needs a 0..1 ratio below 1, got ${threshold}`);
  } else if (profile === 'utilization' && direction === 'below') {
    c.fail([...path, 'direction'], 'the utilization profile only goes above');
  } else if (threshold !== undefined && profile !== undefined) {
    return profileTiers(profile as Profile, threshold, direction);
  }
  return [];
}

/**
 * The hysteresis bands: `recover` (a number: the lowest tier's point; or a map by severity: each
 * tier's) and `hysteresis` (the fraction of the gap to the quieter tier used for tiers above the
 * lowest without their own point; default {@link DEFAULT_HYSTERESIS}, 0 turns it off).
 */
function parseBands(c: Checker, obj: Obj, path: Path, direction: Direction, tiers: readonly Tier[]) {
  const hysteresis = c.num(obj, 'hysteresis', path) ?? DEFAULT_HYSTERESIS;
  if (hysteresis < 0 || hysteresis >= 1)
    c.fail([...path, 'hysteresis'], `expected a fraction from 0 up to (not including) 1, got ${hysteresis}`);
  const points = recoverPoints(c, obj, path, tiers);
  const out = tiers.map((t, i) => {
    const own = points.get(t.severity);
    if (i > 0 && own !== undefined) checkBand(c, [...path, 'recover', t.severity], direction, tiers, i, own);
    const r = i === 0 ? undefined : (own ?? defaultRecover(tiers, i, hysteresis));
    return r === undefined ? t : { ...t, recover: r };
  });
  const recover = tiers[0] ? points.get(tiers[0].severity) : undefined;
  if (recover !== undefined && tiers[0]) {
    const lowest = tiers[0];
    const ok = direction === 'above' ? recover < lowest.threshold : recover > lowest.threshold;
    if (!ok)
      c.fail(
        [...path, 'recover'],
        `recover ${recover} must be ${direction === 'above' ? 'below' : 'above'} the lowest tier ${lowest.severity} ${lowest.threshold}`,
      );
  }
  return { tiers: out, recover };
}

/** `recover` as points by severity: a number is the lowest tier's. */
function recoverPoints(c: Checker, obj: Obj, path: Path, tiers: readonly Tier[]): Map<string, number> {
  const points = new Map<string, number>();
  if (obj.recover === undefined) return points;
  if (!tiers.length) {
    c.fail([...path, 'recover'], 'recover needs thresholds (or threshold + profile)');
    return points;
  }
  if (typeof obj.recover === 'number' && Number.isFinite(obj.recover)) {
    points.set((tiers[0] as Tier).severity, obj.recover);
    return points;
  }
  const map = c.map(obj.recover, [...path, 'recover']);
  if (!map) return points;
  for (const [k, v] of Object.entries(map)) {
    if (!tiers.some((t) => t.severity === k))
      c.fail(
        [...path, 'recover', k],
        `'${k}' is not one of this rule's tiers (${tiers.map((t) => t.severity).join(', ')})`,
      );
    else if (typeof v !== 'number' || !Number.isFinite(v))
      c.fail([...path, 'recover', k], `expected a number, got ${JSON.stringify(v)}`);
    else points.set(k, v);
  }
  return points;
}

/** A higher tier's own point lies between its threshold and the next quieter tier's. */
function checkBand(
  c: Checker,
  path: Path,
  direction: Direction,
  tiers: readonly Tier[],
  i: number,
  r: number,
) {
  const hi = tiers[i] as Tier;
  const lo = tiers[i - 1] as Tier;
  const inside =
    direction === 'above' ? r < hi.threshold && r > lo.threshold : r > hi.threshold && r < lo.threshold;
  if (!inside)
    c.fail(
      path,
      `recover ${r} of ${hi.severity} must lie between ${lo.severity} ${lo.threshold} and ${hi.severity} ${hi.threshold}`,
    );
}

function parseContext(c: Checker, raw: unknown, path: Path): ContextRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    c.fail(path, 'expected a list of conditions (when/outside/inside with raise or at_most)');
    return [];
  }
  const out: ContextRule[] = [];
  raw.forEach((item, i) => {
    const p = [...path, i];
    const obj = c.map(item, p, true);
    if (!obj) return;
    c.keys(obj, p, ['when', 'outside', 'inside', 'raise', 'at_most', 'reason']);
    const conditions = ['when', 'outside', 'inside'].filter((k) => obj[k] !== undefined);
    if (conditions.length !== 1) {
      c.fail(p, `expected exactly one of when, outside, inside; got ${conditions.join(', ') || 'none'}`);
      return;
    }
    const raise = c.int(obj, 'raise', p, 1);
    const atMost = c.str(obj, 'at_most', p);
    if (atMost !== undefined && !SEVERITIES.includes(atMost as Severity)) {
      c.fail([...p, 'at_most'], `expected info, warning or critical, got '${atMost}'`);
    }
    if (raise === undefined && atMost === undefined)
      c.fail(p, 'expected raise or at_most (what the condition does)');
    let rule: ContextRule | undefined;
    const reason = c.str(obj, 'reason', p);
    if (obj.when !== undefined) {
      const when = c.str(obj, 'when', p, true);
      const err = when !== undefined ? checkPromql(when) : undefined;
      if (err) c.fail([...p, 'when'], err);
      if (when) rule = { when, reason: reason ?? when };
    } else {
      const key = obj.outside !== undefined ? 'outside' : 'inside';
      const w = parseWindow(c, obj[key], [...p, key]);
      if (w) rule = { [key]: w, reason: reason ?? `${key} ${w.text}` } as ContextRule;
    }
    if (rule) {
      out.push({
        ...rule,
        ...(raise !== undefined ? { raise } : {}),
        ...(atMost !== undefined ? { atMost: atMost as Severity } : {}),
      });
    }
  });
  return out;
}

function parseWindow(c: Checker, raw: unknown, path: Path): TimeWindow | undefined {
  const obj = c.map(raw, path, true);
  if (!obj) return undefined;
  c.keys(obj, path, ['days', 'hours', 'timezone']);
  const before = c.issues.length;
  const daysText = c.str(obj, 'days', path) ?? 'sun-sat';
  const days = parseDays(daysText);
  if (!days) c.fail([...path, 'days'], `expected days like mon-fri or mon,wed,fri, got '${daysText}'`);
  const hoursText = c.str(obj, 'hours', path) ?? '00:00-24:00';
  const hours = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(hoursText);
  const start = hours ? Number(hours[1]) * 60 + Number(hours[2]) : -1;
  const end = hours ? Number(hours[3]) * 60 + Number(hours[4]) : -1;
  if (!hours || start > 1440 || end > 1440 || start === end) {
    c.fail([...path, 'hours'], `expected hours like 09:00-18:00, got '${hoursText}'`);
  }
  const timezone = c.str(obj, 'timezone', path) ?? 'UTC';
  if (!isValidTimezone(timezone))
    c.fail([...path, 'timezone'], `unknown time zone '${timezone}': expected e.g. Asia/Seoul`);
  if (c.issues.length > before || !days) return undefined;
  return { days, startMinute: start, endMinute: end, timezone, text: `${daysText} ${hoursText} ${timezone}` };
}

function parseDays(text: string): boolean[] | undefined {
  const days = new Array<boolean>(7).fill(false);
  for (const part of text.toLowerCase().split(',')) {
    const [a, b] = part
      .trim()
      .split('-')
      .map((d) => DAYS.indexOf(d.slice(0, 3)));
    if (a === undefined || a < 0 || (b !== undefined && b < 0)) return undefined;
    for (let d = a; ; d = (d + 1) % 7) {
      days[d] = true;
      if (b === undefined || d === b) break;
    }
  }
  return days;
}
