/**
 * How an OpenTelemetry instrument name and unit become a Prometheus metric name.
 *
 * Follows the OpenTelemetry "Prometheus and OpenMetrics compatibility" spec: dots and other
 * invalid characters become underscores, the unit becomes a suffix (`s` -> `_seconds`,
 * `By` -> `_bytes`, `1` on a gauge -> `_ratio`), and monotonic counters end in `_total`.
 */
export type InstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

/** UCUM units as words (OpenTelemetry's Prometheus compatibility spec: unit conversion). */
const UNIT_SUFFIX: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
  '1': 'ratio',
};

/** Turns any string into a valid Prometheus metric or label name (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
export function sanitizeName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/_+/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/** Turns an attribute key (`http.request.method`) into a label name (`http_request_method`). */
export function labelName(attributeKey: string): string {
  return sanitizeName(attributeKey).replace(/:/g, '_');
}

/** The unit suffix for a UCUM unit, or '' for annotations like `{request}`. */
export function unitSuffix(unit: string, kind: InstrumentKind): string {
  if (unit === '1' && kind === 'counter') return '';
  if (unit.startsWith('{') || unit === '') return '';
  return UNIT_SUFFIX[unit] ?? sanitizeName(unit);
}

/**
 * The Prometheus family name of an instrument, without histogram `_bucket/_sum/_count`:
 * `prometheusName('http.server.request.duration', 's', 'histogram')` is
 * `http_server_request_duration_seconds`.
 */
export function prometheusName(name: string, unit: string, kind: InstrumentKind): string {
  let base = sanitizeName(name);
  if (kind !== 'histogram' && base.endsWith('_count')) base = countName(base, unit);
  const suffix = unitSuffix(unit, kind);
  if (suffix && !base.endsWith(`_${suffix}`)) base = `${base}_${suffix}`;
  if (kind === 'counter' && !base.endsWith('_total')) base = `${base}_total`;
  return base;
}

/**
 * Prometheus reserves `_count` for histograms and summaries (promtool rejects it elsewhere), so a
 * semconv gauge like `process.thread.count` `{thread}` becomes `process_threads`, and
 * `system.cpu.logical.count` `{cpu}` becomes `system_cpu_logical_cpus`.
 */
function countName(base: string, unit: string): string {
  const stem = base.slice(0, -'_count'.length);
  const thing = /^\{([a-zA-Z0-9_]+)\}$/.exec(unit)?.[1];
  if (!thing) return `${stem}_number`;
  return stem.endsWith(thing) ? `${stem}s` : `${stem}_${thing}s`;
}
