import type { Attributes } from '@opentelemetry/api';
import { attributesKey } from '../registry/series.ts';
import type { DumpedInstrument, DumpedSeries } from './dump.ts';

/**
 * The wire form of a dump: each series' attributes cross the group socket once per connection,
 * then only its id and numbers do (`[id, value, count, min, max, counts]`, with the attributes
 * appended the first time). Halves the bytes and spares the owner a JSON object, and a key to
 * build, per series and scrape.
 */
export type WireSeries = [number, number, number, number | null, number | null, number[] | null, Attributes?];
export type WireInstrument = Omit<DumpedInstrument, 'series'> & { series: WireSeries[] };

/** The member's side: ids by instrument and attribute set, for one connection. */
export class WireEncoder {
  private readonly ids = new Map<string, number>();

  encode(dump: readonly DumpedInstrument[]): WireInstrument[] {
    return dump.map((d) => ({
      ...d,
      series: d.series.map(([attributes, value, count, min, max, counts]) => {
        const key = `${d.name}\u0003${attributesKey(attributes)}`;
        let id = this.ids.get(key);
        const fresh = id === undefined;
        if (id === undefined) {
          id = this.ids.size;
          this.ids.set(key, id);
        }
        const out: WireSeries = [id, value, count, min, max, counts];
        if (fresh) out.push(attributes);
        return out;
      }),
    }));
  }
}

/** The owner's side: attributes and keys by id, for one member. */
export class WireDecoder {
  private readonly known = new Map<number, { attributes: Attributes; key: string }>();

  decode(wire: readonly WireInstrument[]): DumpedInstrument[] {
    return wire.map((w) => {
      const series: DumpedSeries[] = [];
      for (const [id, value, count, min, max, counts, attributes] of w.series) {
        let k = this.known.get(id);
        if (attributes) {
          k = { attributes, key: attributesKey(attributes) };
          this.known.set(id, k);
        }
        if (k) series.push([k.attributes, value, count, min, max, counts, k.key]);
      }
      return { ...w, series };
    });
  }
}
