import type { Attributes } from '@opentelemetry/api';
import { attributesKey } from '../registry/series.ts';
import type { DumpedInstrument, DumpedSeries, KnownSeries, PackedSeries } from './dump.ts';

/**
 * The wire form of one instrument of a dump: its numbers as one block of float64s (base64), a
 * record of `stride` numbers per series (`id, value, count, min, max, counts...`, NaN for no
 * min/max), and each series' attributes only the first time it crosses this connection (`fresh`).
 *
 * Why packed: the owner keeps every member's last answer until the next scrape, and as JSON
 * arrays that was some 20 heap objects per series, each living through the app's young-generation
 * collections; V8 grew the heap for them and the owner's RSS rose by 15-20 MB per extra worker
 * with 1,000 histogram series each. A float64 block is one off-heap allocation per instrument.
 */
export type WireInstrument = Omit<DumpedInstrument, 'series' | 'packed'> & {
  readonly stride: number;
  readonly values: string;
  readonly fresh?: [number, Attributes][];
  /** The older form (one array per series); still read, so members of an older version count. */
  readonly series?: WireSeries[];
};
/** One series in the older wire form: `[id, value, count, min, max, counts, attributes?]`. */
export type WireSeries = [number, number, number, number | null, number | null, number[] | null, Attributes?];

/** Numbers before a series' bucket counts in a record. */
const HEAD = 5;

/** The member's side: ids by instrument and attribute set, for one connection. */
export class WireEncoder {
  private readonly ids = new Map<string, number>();
  /**
   * Ids by instrument and attributes object: a registry series keeps its attributes object, so
   * after the first scrape no key is built (that was most of a member's cost per scrape).
   */
  private readonly byObject = new Map<string, WeakMap<Attributes, number>>();

  private idOf(name: string, attributes: Attributes, fresh: [number, Attributes][]): number {
    let known = this.byObject.get(name);
    if (!known) {
      known = new WeakMap();
      this.byObject.set(name, known);
    }
    let id = known.get(attributes);
    if (id !== undefined) return id;
    const key = `${name}\u0003${attributesKey(attributes)}`;
    id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      fresh.push([id, attributes]);
    }
    known.set(attributes, id);
    return id;
  }

  encode(dump: readonly DumpedInstrument[]): WireInstrument[] {
    return dump.map(({ series, packed: _, ...d }) => {
      const stride = HEAD + (d.boundaries ? d.boundaries.length + 1 : 0);
      const values = new Float64Array(series.length * stride);
      const fresh: [number, Attributes][] = [];
      for (let i = 0; i < series.length; i++) {
        const [attributes, value, count, min, max, counts] = series[i]!;
        const at = i * stride;
        values[at] = this.idOf(d.name, attributes, fresh);
        values[at + 1] = value;
        values[at + 2] = count;
        values[at + 3] = min ?? Number.NaN;
        values[at + 4] = max ?? Number.NaN;
        if (counts)
          for (let b = 0; b < counts.length && HEAD + b < stride; b++) values[at + HEAD + b] = counts[b]!;
      }
      const text = Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
      return fresh.length > 0 ? { ...d, stride, values: text, fresh } : { ...d, stride, values: text };
    });
  }
}

/** The owner's side: attributes and keys by id, for one member. */
export class WireDecoder {
  private readonly known = new Map<number, KnownSeries>();

  decode(wire: readonly WireInstrument[]): DumpedInstrument[] {
    return wire.map(({ stride, values: text, fresh, series: older, ...d }) => {
      if (older) return { ...d, series: this.decodeOlder(older) };
      for (const [id, attributes] of fresh ?? [])
        this.known.set(id, { attributes, key: attributesKey(attributes) });
      // Decoded straight into an aligned block: a Float64Array cannot view a pooled Buffer.
      const values = new Float64Array(Math.floor(Buffer.byteLength(text, 'base64') / 8));
      Buffer.from(values.buffer).write(text, 'base64');
      const packed: PackedSeries = { values, stride, known: this.known };
      return { ...d, series: [], packed };
    });
  }

  private decodeOlder(wire: readonly WireSeries[]): DumpedSeries[] {
    const series: DumpedSeries[] = [];
    for (const [id, value, count, min, max, counts, attributes] of wire) {
      let k = this.known.get(id);
      if (attributes) {
        k = { attributes, key: attributesKey(attributes) };
        this.known.set(id, k);
      }
      if (k) series.push([k.attributes, value, count, min, max, counts, k.key]);
    }
    return series;
  }
}
