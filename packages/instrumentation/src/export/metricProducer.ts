import type { Attributes, HrTime } from '@opentelemetry/api';
import type { Instrument } from '../registry/instrument.ts';
import type { Registry } from '../registry/registry.ts';

/**
 * Numeric values of the SDK's enums, so that this file needs no runtime import of the SDK
 * (it is loaded lazily). A test checks them against @opentelemetry/sdk-metrics.
 */
export const DATA_POINT_TYPE = { HISTOGRAM: 0, GAUGE: 2, SUM: 3 } as const;
/** The SDK's `AggregationTemporality.CUMULATIVE`. */
export const CUMULATIVE = 1;
const VALUE_TYPE_DOUBLE = 1;

/** The scope our metrics are reported under in OTLP. */
export const SCOPE = { name: '@golden-signals/instrumentation', version: '0.1.0' };

/** One point in the SDK's data model (structurally `DataPoint<number | Histogram>`). */
interface Point {
  startTime: HrTime;
  endTime: HrTime;
  attributes: Attributes;
  value:
    | number
    | {
        buckets: { boundaries: number[]; counts: number[] };
        sum: number;
        count: number;
        min?: number;
        max?: number;
      };
}

/**
 * The registry as an OpenTelemetry `MetricProducer`: handed to the SDK's metric readers, so the
 * OTLP exporter sends our lean aggregates exactly as if the SDK had aggregated them.
 */
export function registryProducer(registry: Registry) {
  return {
    collect: () =>
      registry.read((instruments) => ({
        resourceMetrics: {
          // The reader replaces the resource with the MeterProvider's; only scopeMetrics are used.
          resource: undefined as never,
          scopeMetrics: [{ scope: SCOPE, metrics: instruments.map(toMetricData) }],
        },
        errors: [] as unknown[],
      })),
  };
}

function hr(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/** One instrument in the SDK's `MetricData` shape. */
export function toMetricData(inst: Instrument) {
  const d = inst.descriptor;
  const startTime = hr(inst.startTime);
  const endTime = hr(Date.now());
  const descriptor = { name: d.name, description: d.description, unit: d.unit, valueType: VALUE_TYPE_DOUBLE };
  const points: Point[] = [];
  // One boundaries array per instrument, shared by its points (read-only to the exporter).
  const boundaries = d.boundaries ? [...d.boundaries] : [];
  for (const s of inst.series.values()) {
    const value: Point['value'] =
      d.kind === 'histogram'
        ? {
            buckets: { boundaries, counts: [...s.counts!] },
            sum: s.value,
            count: s.count,
            ...(s.count > 0 ? { min: s.min, max: s.max } : {}),
          }
        : s.value;
    points.push({ startTime, endTime, attributes: s.attributes, value });
  }
  const base = { descriptor, aggregationTemporality: CUMULATIVE, dataPoints: points };
  if (d.kind === 'histogram') return { ...base, dataPointType: DATA_POINT_TYPE.HISTOGRAM };
  if (d.kind === 'gauge') return { ...base, dataPointType: DATA_POINT_TYPE.GAUGE };
  return { ...base, dataPointType: DATA_POINT_TYPE.SUM, isMonotonic: d.monotonic };
}
