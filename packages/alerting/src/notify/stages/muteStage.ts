import type { NamedTimeInterval, RouteConfig, TimeIntervalSpec, TimeRange } from '../types.ts';

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
  daysInMonth: number;
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of `now` in `zone` (time intervals are written in local time). */
function partsIn(now: number, zone: string): Parts {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(new Date(now))) p[type] = value;
  const year = Number(p.year);
  const month = Number(p.month);
  return {
    year,
    month,
    day: Number(p.day),
    weekday: WEEKDAY[p.weekday ?? 'Sun'] ?? 0,
    minute: Number(p.hour) * 60 + Number(p.minute),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const inRanges = (ranges: readonly TimeRange[] | undefined, v: number) =>
  !ranges || ranges.some((r) => v >= r.start && v <= r.end);

/** True when `now` falls inside one Alertmanager time interval entry. */
export function inTimeInterval(spec: TimeIntervalSpec, now: number): boolean {
  const t = partsIn(now, spec.location);
  if (spec.times && !spec.times.some((r) => t.minute >= r.start && t.minute < r.end)) return false;
  if (!inRanges(spec.weekdays, t.weekday)) return false;
  if (!inRanges(spec.months, t.month) || !inRanges(spec.years, t.year)) return false;
  if (spec.daysOfMonth) {
    // Negative days count back from the month's end: -1 is the 31st in March, the 28th in February.
    const abs = (d: number) => (d < 0 ? t.daysInMonth + 1 + d : d);
    if (!spec.daysOfMonth.some((r) => t.day >= abs(r.start) && t.day <= abs(r.end))) return false;
  }
  return true;
}

/**
 * True when notifications of `route` are held at `now`: inside one of its mute intervals, or
 * outside all of its active intervals. Held notifications are not dropped: the group keeps its
 * alerts and the first flush after the window sends what changed.
 */
export function isMuted(route: RouteConfig, intervals: readonly NamedTimeInterval[], now: number): boolean {
  const active = (name: string) =>
    intervals.find((i) => i.name === name)?.timeIntervals.some((s) => inTimeInterval(s, now)) ?? false;
  if (route.muteTimeIntervals.some(active)) return true;
  return route.activeTimeIntervals.length > 0 && !route.activeTimeIntervals.some(active);
}
