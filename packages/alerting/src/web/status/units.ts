/**
 * Which unit an alert's value is in, and how to print a value in it. Shared by the server
 * (statusSummary.ts) and the page's script (browser/), so it imports nothing.
 *
 * The unit comes from the rule when it says so (a `unit` annotation, as Grafana and Prometheus'
 * own exporters spell units: `seconds`, `ratio`, `bytes`), else from the metric names in its
 * expression, following Prometheus' naming rule that a metric ends in its base unit
 * (`_seconds`, `_bytes`, `_ratio`; https://prometheus.io/docs/practices/naming/).
 */

/** The units the status page knows; `number` prints the value as it is. */
export type ValueUnit = 'seconds' | 'ratio' | 'bytes' | 'number';

const UNITS: Readonly<Record<string, ValueUnit>> = {
  s: 'seconds',
  sec: 'seconds',
  seconds: 'seconds',
  ratio: 'ratio',
  percent: 'ratio',
  percentunit: 'ratio',
  bytes: 'bytes',
  by: 'bytes',
  number: 'number',
  short: 'number',
};

/** A `unit` annotation's word as a {@link ValueUnit}, or undefined for a word we do not know. */
export function unitFromWord(word: string | undefined): ValueUnit | undefined {
  return word === undefined ? undefined : UNITS[word.trim().toLowerCase()];
}

/** Metric names in a PromQL expression: identifiers not followed by `(` and not inside `{...}` or `by (...)`. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:]|\s*\()/g)]
    .map((m) => m[0])
    .filter((n) => /[_:]/.test(n));
}

/** The unit one metric name carries: recording rules (`level:metric:operations`) by their metric and operations. */
function nameUnit(name: string): ValueUnit | 'count' | undefined {
  const parts = name.split(':');
  const metric = parts.length === 3 ? parts[1]! : name;
  const ops = parts.length === 3 ? parts[2]! : '';
  if (/^ratio/.test(ops) || /_ratio$/.test(metric)) return 'ratio';
  if (/_seconds(_bucket|_sum)?$/.test(metric)) return 'seconds';
  if (/_bytes$/.test(metric)) return 'bytes';
  if (/_(count|total)$/.test(metric)) return 'count';
  return undefined;
}

/**
 * The unit of an expression's value. A histogram quantile over `_seconds_bucket` is seconds; a
 * quotient of counters (`x_seconds_count{error} / x_seconds_count`) is a ratio, not seconds.
 */
export function unitOfExpr(expr: string): ValueUnit {
  const units = metricNames(expr).map(nameUnit);
  if (units.includes('ratio')) return 'ratio';
  if (units.includes('seconds') && !units.every((u) => u === 'count' || u === undefined)) return 'seconds';
  if (units.includes('bytes')) return 'bytes';
  if (expr.includes('/') && units.length > 0 && units.every((u) => u === 'count')) return 'ratio';
  return 'number';
}

/** The unit of a rule: its `unit` annotation when it has a known one, else its expression's. */
export function unitOfRule(
  annotations: Readonly<Record<string, string>>,
  expr: string | undefined,
): ValueUnit {
  return unitFromWord(annotations.unit) ?? (expr === undefined ? 'number' : unitOfExpr(expr));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Three significant digits, without trailing zeros: 998, 12.5, 1.25, 0.0125. */
function sig3(v: number): string {
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  return trim(v.toFixed(a >= 10 ? 1 : a >= 1 ? 2 : 3));
}

/** Seconds as µs, ms, s, min or h (the nearest unit that keeps the number between 1 and 1000). */
export function formatSeconds(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0 s';
  if (a < 1e-3) return `${sig3(v * 1e6)} µs`;
  if (a < 1) return `${sig3(v * 1e3)} ms`;
  if (a < 120) return `${sig3(v)} s`;
  if (a < 7200) return `${sig3(v / 60)} min`;
  return `${sig3(v / 3600)} h`;
}

/** A 0..1 ratio as a percentage, one decimal (two under 1 %). */
export function formatRatio(v: number): string {
  return `${(v * 100).toFixed(Math.abs(v) < 0.01 && v !== 0 ? 2 : 1)} %`;
}

/** Bytes in IEC units (KiB, MiB...), as Prometheus' `humanize1024` and Grafana's `bytes` do. */
export function formatBytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${i === 0 ? x.toFixed(0) : sig3(x)} ${units[i]}`;
}

/** A value in its unit; no value (or NaN) is a dash. */
export function formatValue(v: number | null | undefined, unit: ValueUnit | string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (unit === 'seconds') return formatSeconds(v);
  if (unit === 'ratio') return formatRatio(v);
  if (unit === 'bytes') return formatBytes(v);
  return Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : sig3(v);
}
