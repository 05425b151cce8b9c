import { wallClock } from '../../shared/wallClock.ts';
import type { NamedTimeInterval, RouteConfig, TimeIntervalSpec, TimeRange } from '../types.ts';

const inRanges = (ranges: readonly TimeRange[] | undefined, v: number) =>
  !ranges || ranges.some((r) => v >= r.start && v <= r.end);

/** True when `now` falls inside one Alertmanager time interval entry. */
export function inTimeInterval(spec: TimeIntervalSpec, now: number): boolean {
  const t = wallClock(now, spec.location);
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
