/**
 * Wall-clock fields of an instant in an IANA time zone, through Intl (Node ships ICU, so no tz
 * database dependency). Shared by business-hours context (`outside:`/`inside:`) and the
 * notification pipeline's mute and active time intervals.
 */

/** Local calendar and clock fields; `weekday` 0 is Sunday, `minute` counts from midnight. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly weekday: number;
  readonly minute: number;
  readonly daysInMonth: number;
}

const WEEKDAY: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
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
  return f;
}

/** True when `zone` is a time zone Intl knows. */
export function isValidTimezone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock at epoch-ms `at` in `zone` (which must be valid: see {@link isValidTimezone}). */
export function wallClock(at: number, zone: string): WallClock {
  const p: Record<string, string> = {};
  for (const { type, value } of formatter(zone).formatToParts(new Date(at))) p[type] = value;
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
