import type { InstrumentKind } from '@golden-signals/conventions';
import type { Attributes } from '@opentelemetry/api';
import { Instrument } from '../registry/instrument.ts';
import { attributesKey, newSeries, type Series } from '../registry/series.ts';

/**
 * One series: attributes, value (sum), count, min, max, per-bucket counts, and optionally its
 * attribute key (known to the owner from the wire, so it is not recomputed for every scrape).
 */
export type DumpedSeries = [
  Attributes,
  number,
  number,
  number | null,
  number | null,
  number[] | null,
  string?,
];

/** A series the owner has heard of on one connection: its attributes and their key. */
export interface KnownSeries {
  readonly attributes: Attributes;
  readonly key: string;
}

/**
 * The series of a dump as they came off the wire: `stride` numbers per series
 * (`id, value, count, min, max, counts...`, NaN for no min/max), ids resolved through `known`.
 */
export interface PackedSeries {
  readonly values: Float64Array;
  readonly stride: number;
  readonly known: ReadonlyMap<number, KnownSeries>;
}

/** One instrument of one process, as it crosses the process-group socket (JSON). */
export interface DumpedInstrument {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: InstrumentKind;
  readonly monotonic: boolean;
  readonly boundaries?: readonly number[];
  readonly series: DumpedSeries[];
  /** Series read from the wire, kept packed (see compact.ts); `series` is empty then. */
  readonly packed?: PackedSeries;
}

/** What one process has recorded, as plain data. */
export function dumpInstruments(instruments: readonly Instrument[]): DumpedInstrument[] {
  return instruments.map((inst) => {
    const d = inst.descriptor;
    const series: DumpedSeries[] = [];
    for (const s of inst.series.values())
      series.push([
        s.attributes,
        s.value,
        s.count,
        Number.isFinite(s.min) ? s.min : null,
        Number.isFinite(s.max) ? s.max : null,
        s.counts ? [...s.counts] : null,
      ]);
    const out = {
      name: d.name,
      unit: d.unit,
      description: d.description,
      kind: d.kind,
      monotonic: d.monotonic,
    };
    return d.boundaries ? { ...out, boundaries: [...d.boundaries], series } : { ...out, series };
  });
}

/** How the series of one name from several processes become one. */
export type MergeRule = 'sum' | 'max';

/**
 * Counters and histograms add up (every request was served by exactly one process); so do
 * up-down counters and gauges of per-process resources (memory, file descriptors, threads).
 * Host- and container-wide readings (`system.*`, `cgroup.*`) are the same machine seen from each
 * process, so one reading (the largest) is kept; so is the worst process for saturation-like
 * gauges (event-loop delay and utilization, `saturation`) and every other gauge.
 */
export function mergeRule(d: Pick<DumpedInstrument, 'name' | 'kind'>): MergeRule {
  if (/^(system|cgroup)\./.test(d.name) || d.name === 'process.uptime') return 'max';
  if (d.kind !== 'gauge') return 'sum';
  return /^(process\.(memory|unix|threads)|v8js\.memory|nodejs\.active_resources)/.test(d.name)
    ? 'sum'
    : 'max';
}

/** Whether a departed process' last reading of this instrument is kept (it only ever grows). */
export function keepsAfterExit(d: Pick<DumpedInstrument, 'name' | 'kind' | 'monotonic'>): boolean {
  return mergeRule(d) === 'sum' && (d.kind === 'histogram' || (d.kind === 'counter' && d.monotonic));
}

/**
 * Folds dumps into instruments ready for the serializer, by name and attribute set. It may be
 * kept across scrapes ({@link Merger.reset}): its series, and their cached label text, are reused,
 * so a scrape of many processes allocates little beyond what the wire brings.
 */
export class Merger {
  private readonly out = new Map<string, Instrument>();
  private readonly startTime: number;
  private generation = 0;
  private readonly touched = new WeakMap<Series, number>();

  constructor(startTime: number) {
    this.startTime = startTime;
  }

  /** Starts a new merge: every value back to zero; series nobody reports again are dropped. */
  reset(): void {
    this.generation++;
    for (const inst of this.out.values())
      for (const s of inst.series.values()) {
        s.value = 0;
        s.count = 0;
        s.min = Number.POSITIVE_INFINITY;
        s.max = Number.NEGATIVE_INFINITY;
        s.counts?.fill(0);
      }
  }

  /** Adds one process' dump; `only` restricts it to instruments kept after exit. */
  add(dump: readonly DumpedInstrument[], only?: (d: DumpedInstrument) => boolean): void {
    for (const d of dump) {
      if (only && !only(d)) continue;
      let inst = this.out.get(d.name);
      if (!inst) {
        // Fields named one by one: spreading the dump would keep its series alive for good.
        const { name, unit, description, kind, monotonic, boundaries } = d;
        const descriptor = { name, unit, description, kind, monotonic, boundaries, attributeKeys: [] };
        inst = new Instrument(descriptor, Number.POSITIVE_INFINITY, this.startTime);
        this.out.set(d.name, inst);
      }
      // First descriptor wins; a process whose instrument differs in kind or buckets is skipped.
      const known = inst.descriptor;
      if (known.kind !== d.kind || (known.boundaries?.length ?? -1) !== (d.boundaries?.length ?? -1))
        continue;
      const rule = mergeRule(d);
      for (const [attributes, value, count, min, max, counts, key] of d.series) {
        const s = this.seriesOf(inst, attributes, key ?? attributesKey(attributes));
        if (mergeInto(s, this.touch(s), rule, value, count, min ?? Number.NaN, max ?? Number.NaN) && counts)
          addCounts(s, counts, 0, counts.length);
      }
      if (d.packed) this.addPacked(inst, d.packed, rule);
    }
  }

  instruments(): Instrument[] {
    const out: Instrument[] = [];
    for (const inst of this.out.values()) {
      for (const [key, s] of inst.series)
        if (this.touched.get(s) !== this.generation) inst.series.delete(key);
      if (inst.series.size > 0) out.push(inst);
    }
    return out;
  }

  /** The merged instruments as a dump again (what a departed process leaves behind). */
  dump(): DumpedInstrument[] {
    return dumpInstruments(this.instruments());
  }

  private addPacked(inst: Instrument, p: PackedSeries, rule: MergeRule): void {
    const v = p.values;
    if (!Number.isInteger(p.stride) || p.stride < 5) return;
    for (let at = 0; at + p.stride <= v.length; at += p.stride) {
      const k = p.known.get(v[at]!);
      if (!k) continue;
      const s = this.seriesOf(inst, k.attributes, k.key);
      if (mergeInto(s, this.touch(s), rule, v[at + 1]!, v[at + 2]!, v[at + 3]!, v[at + 4]!))
        addCounts(s, v, at + 5, p.stride - 5);
    }
  }

  private seriesOf(inst: Instrument, attributes: Attributes, key: string): Series {
    let s = inst.series.get(key);
    if (!s) {
      s = newSeries(attributes, inst.descriptor.boundaries?.length);
      inst.series.set(key, s);
    }
    return s;
  }

  /** Marks a series as reported in this merge; true the first time. */
  private touch(s: Series): boolean {
    const fresh = this.touched.get(s) !== this.generation;
    this.touched.set(s, this.generation);
    return fresh;
  }
}

/**
 * Adds one process' numbers to a merged series (NaN for an unknown min or max); true when its
 * bucket counts are to be added too.
 */
function mergeInto(
  s: Series,
  fresh: boolean,
  rule: MergeRule,
  value: number,
  count: number,
  min: number,
  max: number,
): boolean {
  if (rule === 'max') {
    s.value = fresh ? value : Math.max(s.value, value);
    return false;
  }
  s.value += value;
  s.count += count;
  if (min < s.min) s.min = min;
  if (max > s.max) s.max = max;
  return true;
}

/** Adds `len` bucket counts read from `counts` at `from` (a dump's array, or the wire's block). */
function addCounts(s: Series, counts: ArrayLike<number>, from: number, len: number): void {
  if (!s.counts) return;
  const n = Math.min(s.counts.length, len, counts.length - from);
  for (let i = 0; i < n; i++) s.counts[i]! += counts[from + i]!;
}
