/**
 * Business-hours windows in a time zone (the `outside:` and `inside:` context conditions).
 */

import { wallClock } from '../shared/wallClock.ts';
import type { TimeWindow } from '../types.ts';

export { isValidTimezone } from '../shared/wallClock.ts';

/** Whether epoch-ms `at` falls inside `w` (day and minute taken in the window's time zone). */
export function insideWindow(w: TimeWindow, at: number): boolean {
  const { weekday: day, minute } = wallClock(at, w.timezone);
  if (w.startMinute <= w.endMinute) return !!w.days[day] && minute >= w.startMinute && minute < w.endMinute;
  // Crosses midnight: the part after midnight belongs to the previous day's window.
  if (minute >= w.startMinute) return !!w.days[day];
  return minute < w.endMinute && !!w.days[(day + 6) % 7];
}
