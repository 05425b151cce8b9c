/**
 * Business-hours windows in a time zone, via Intl (no tz database dependency; Node ships ICU).
 */
import type { TimeWindow } from '../types.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** True when `timezone` is a zone Intl knows. */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

/** Whether epoch-ms `at` falls inside `w` (day and minute taken in the window's time zone). */
export function insideWindow(w: TimeWindow, at: number): boolean {
  let day = 0;
  let minute = 0;
  for (const p of formatter(w.timezone).formatToParts(at)) {
    if (p.type === 'weekday') day = WEEKDAYS.indexOf(p.value);
    else if (p.type === 'hour') minute += Number(p.value) * 60;
    else if (p.type === 'minute') minute += Number(p.value);
  }
  if (w.startMinute <= w.endMinute) return !!w.days[day] && minute >= w.startMinute && minute < w.endMinute;
  // Crosses midnight: the part after midnight belongs to the previous day's window.
  if (minute >= w.startMinute) return !!w.days[day];
  return minute < w.endMinute && !!w.days[(day + 6) % 7];
}
