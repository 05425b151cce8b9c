import { isValidTimezone } from '../../shared/wallClock.ts';
import type { NamedTimeInterval, TimeIntervalSpec, TimeRange } from '../types.ts';
import type { ConfigReader, Path } from './configReader.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Reads Alertmanager's `mute_time_intervals` / `time_intervals` list:
 * `[{ name, time_intervals: [{ times, weekdays, days_of_month, months, years, location }] }]`,
 * with the same range syntax (`monday:friday`, `1:5`, `-1`, `january:march`, `09:00`-`17:00`).
 */
export function parseTimeIntervals(r: ConfigReader, value: unknown, path: Path): NamedTimeInterval[] {
  const out: NamedTimeInterval[] = [];
  for (const [i, item] of (r.list(value, path) ?? []).entries()) {
    const o = r.object(item, [...path, i], ['name', 'time_intervals']);
    if (!o) continue;
    const name = r.string(o.name, [...path, i, 'name']);
    if (!name) r.fail([...path, i, 'name'], 'every time interval needs a name');
    const specs = (r.list(o.time_intervals, [...path, i, 'time_intervals']) ?? []).map((s, j) =>
      parseSpec(r, s, [...path, i, 'time_intervals', j]),
    );
    if (name) out.push({ name, timeIntervals: specs });
  }
  return out;
}

/**
 * Go's `Local` (what Alertmanager's `location: Local` means) is the machine's own zone: the TZ
 * variable, else the system zone, which is what Intl resolves to.
 */
function zoneOf(location: string): string {
  return location === 'Local' ? Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' : location;
}

function parseSpec(r: ConfigReader, value: unknown, path: Path): TimeIntervalSpec {
  const o =
    r.object(value, path, ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location']) ?? {};
  const location = zoneOf(r.string(o.location, [...path, 'location']) ?? 'UTC');
  if (!isValidTimezone(location)) {
    r.fail([...path, 'location'], `expected an IANA time zone like Europe/Berlin, got '${location}'`);
  }
  return {
    times: parseTimes(r, o.times, [...path, 'times']),
    weekdays: ranges(
      r,
      o.weekdays,
      [...path, 'weekdays'],
      (s) => named(s, WEEKDAYS, 0),
      'a weekday like monday',
    ),
    daysOfMonth: ranges(r, o.days_of_month, [...path, 'days_of_month'], dayOfMonth, 'a day 1..31 or -31..-1'),
    months: ranges(
      r,
      o.months,
      [...path, 'months'],
      (s) => named(s, MONTHS, 1) ?? bounded(s, 1, 12),
      'a month',
    ),
    years: ranges(r, o.years, [...path, 'years'], (s) => bounded(s, 1970, 9999), 'a year'),
    location,
  };
}

function named(s: string, names: readonly string[], base: number): number | undefined {
  const i = names.indexOf(s.toLowerCase());
  return i < 0 ? undefined : i + base;
}

function bounded(s: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

function dayOfMonth(s: string): number | undefined {
  const n = bounded(s, -31, 31);
  return n === 0 ? undefined : n;
}

function ranges(
  r: ConfigReader,
  value: unknown,
  path: Path,
  parse: (s: string) => number | undefined,
  expected: string,
): TimeRange[] | undefined {
  const items = r.strings(value, path);
  if (!items) return undefined;
  const out: TimeRange[] = [];
  for (const [i, text] of items.entries()) {
    const [a, b = a] = text.split(':').map((x) => x.trim());
    const start = parse(a ?? '');
    const end = parse(b ?? '');
    if (start === undefined || end === undefined) {
      r.fail([...path, i], `expected ${expected} or a range 'start:end', got '${text}'`);
    } else out.push({ start, end });
  }
  return out;
}

function minutes(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[2]) < 60 && v <= 24 * 60 ? v : undefined;
}

function parseTimes(r: ConfigReader, value: unknown, path: Path): TimeRange[] | undefined {
  const items = r.list(value, path);
  if (!items) return undefined;
  const out: TimeRange[] = [];
  for (const [i, item] of items.entries()) {
    const o = r.object(item, [...path, i], ['start_time', 'end_time']);
    if (!o) continue;
    const start = minutes(o.start_time);
    const end = minutes(o.end_time);
    if (start === undefined) r.fail([...path, i, 'start_time'], 'expected a time like 09:00');
    if (end === undefined)
      r.fail([...path, i, 'end_time'], 'expected a time like 17:30 (24:00 for midnight)');
    if (start !== undefined && end !== undefined) {
      if (end <= start) r.fail([...path, i, 'end_time'], 'expected end_time after start_time');
      // End is exclusive, as in Alertmanager: 09:00-17:00 mutes 16:59 but not 17:00.
      else out.push({ start, end });
    }
  }
  return out;
}
