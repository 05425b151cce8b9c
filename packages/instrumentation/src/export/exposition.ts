import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { labelName, prometheusName, SERVICE_NAME_LABEL } from '@golden-signals/conventions';
import type { Instrument } from '../registry/instrument.ts';
import type { Series } from '../registry/series.ts';

/** Options of the Prometheus text serializer. */
export interface ExpositionOptions {
  /** Value of the `service_name` label every series carries. */
  readonly serviceName: string;
  /** Series per chunk; between chunks the serializer yields to the event loop. */
  readonly chunkSeries?: number;
}

/** Prometheus text format 0.0.4 (the format every Prometheus version scrapes). */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * Writes instruments in the Prometheus text format through `write`, one series at a time, and
 * waits for `pause` (the event loop, by default) every `chunkSeries` series.
 *
 * Why our own: the stock OpenTelemetry Prometheus exporter took 1.8 s for 10,000 histogram
 * series in our anchor run and blocks the event loop throughout. Here each series' label text is
 * built once and cached, bucket `le` strings once per instrument, and the work is cut into chunks
 * with a yield between them so a large scrape never stalls the app (docs/PERFORMANCE.md).
 *
 * Why a series at a time: the consumer (renderSnapshot) copies each into a buffer at once, so no
 * more than one series' text is alive as strings when the app's young-generation collections
 * run. Text gathered over a chunk survived them, and V8 grows the young generation by what
 * survives: the heap, and RSS, grew scrape after scrape with a flat live heap.
 */
export async function writeExposition(
  instruments: readonly Instrument[],
  options: ExpositionOptions,
  write: (text: string) => void,
  pause: () => Promise<unknown> = yieldToLoop,
): Promise<void> {
  const chunkSeries = options.chunkSeries ?? 100;
  const serviceLabel = `${SERVICE_NAME_LABEL}="${escapeLabelValue(options.serviceName)}"`;
  let inChunk = 0;
  for (const inst of instruments) {
    const d = inst.descriptor;
    const kind =
      d.kind === 'counter' && d.monotonic ? 'counter' : d.kind === 'histogram' ? 'histogram' : 'gauge';
    const name = prometheusName(d.name, d.unit, kind === 'gauge' ? 'gauge' : d.kind);
    write(`# HELP ${name} ${escapeHelp(d.description || d.name)}\n# TYPE ${name} ${kind}\n`);
    const le = kind === 'histogram' ? bucketLabels(d.boundaries!) : undefined;
    for (const s of inst.series.values()) {
      const labels = s.labelText ?? cacheLabels(s, serviceLabel, le !== undefined);
      write(le ? histogramLines(name, labels, s, le) : `${name}${labels}} ${formatValue(s.value)}\n`);
      if (++inChunk >= chunkSeries) {
        inChunk = 0;
        await pause();
      }
    }
  }
}

/**
 * The same text as strings, one per `chunkSeries` series, for tests and tools. Not for a scrape:
 * it renders the whole text before the first chunk, without yielding to the event loop.
 */
export async function* serializeExposition(
  instruments: readonly Instrument[],
  options: ExpositionOptions,
): AsyncGenerator<string> {
  const chunks: string[] = [];
  let out = '';
  const cut = async () => {
    chunks.push(out);
    out = '';
  };
  await writeExposition(
    instruments,
    options,
    (t) => {
      out += t;
    },
    cut,
  );
  if (out) chunks.push(out);
  yield* chunks;
}

function histogramLines(name: string, labels: string, s: Series, le: readonly string[]): string {
  let text = '';
  let cumulative = 0;
  const counts = s.counts!;
  for (let i = 0; i < le.length; i++) {
    cumulative += counts[i]!;
    text += `${name}_bucket${labels},le="${le[i]}"} ${cumulative}\n`;
  }
  return `${text}${name}_sum${labels}} ${formatValue(s.value)}\n${name}_count${labels}} ${s.count}\n`;
}

/** `le` values for boundaries plus +Inf, formatted once per instrument. */
function bucketLabels(boundaries: readonly number[]): string[] {
  return [...boundaries.map(formatValue), '+Inf'];
}

/** Label names an attribute may not take: ours, and the ones Prometheus reserves for buckets. */
const RESERVED = new Set([SERVICE_NAME_LABEL, 'le', 'quantile']);

/**
 * Builds `{service_name="x",a="b"` (no closing brace: histograms append `le`). Attribute keys that
 * map to the same label name (`a.b` and `a_b`) are merged with their values joined by `;`, as the
 * OpenTelemetry Prometheus compatibility spec says: a duplicate label name would make Prometheus
 * reject the whole scrape. An attribute named like a reserved label is prefixed with `attr_`.
 */
function cacheLabels(s: Series, serviceLabel: string, histogram: boolean): string {
  const merged = new Map<string, string>();
  for (const k of Object.keys(s.attributes)) {
    const v = s.attributes[k];
    if (v === undefined) continue;
    let key = labelName(k);
    if (RESERVED.has(key) && (key !== 'quantile' || histogram)) key = `attr_${key}`;
    const prev = merged.get(key);
    merged.set(key, prev === undefined ? String(v) : `${prev};${String(v)}`);
  }
  let text = `{${serviceLabel}`;
  for (const [key, value] of merged) text += `,${key}="${escapeLabelValue(value)}"`;
  s.labelText = text;
  return text;
}

/** Label values escape backslash, double quote and newline (exposition format spec). */
export function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}
