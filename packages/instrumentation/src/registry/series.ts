import type { Attributes } from '@opentelemetry/api';

/** One time series of an instrument: its attributes and its aggregate. */
export interface Series {
  readonly attributes: Attributes;
  /** Counter/gauge value; for histograms, the sum. */
  value: number;
  /** Histogram only: per-bucket (not cumulative) counts, one more than there are boundaries. */
  readonly counts?: number[];
  /** Histogram only: number of observations. */
  count: number;
  min: number;
  max: number;
  /** Cached exposition label text (`{service_name="a",x="y"`), filled by the serializer. */
  labelText?: string;
}

/** Builds a series with a zeroed aggregate. */
export function newSeries(attributes: Attributes, buckets?: number): Series {
  return {
    attributes,
    value: 0,
    counts: buckets === undefined ? undefined : new Array<number>(buckets + 1).fill(0),
    count: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  };
}

/**
 * A stable key for an attribute set: keys sorted, so `{a,b}` and `{b,a}` are the same series.
 * Only used on the OpenTelemetry API path; the hot path keys by positional values.
 */
export function attributesKey(attributes: Attributes | undefined): string {
  if (!attributes) return '';
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  keys.sort();
  let key = '';
  for (const k of keys) {
    const v = attributes[k];
    if (v === undefined) continue;
    key += `${k}\u0001${String(v)}\u0000`;
  }
  return key;
}
