import { createRequire } from 'node:module';
import type { MeterProvider as ApiMeterProvider } from '@opentelemetry/api';
import { startHostMetrics } from '../../src/index.ts';
import type { HostMetricsOptions } from '../../src/types.ts';

/**
 * The real OpenTelemetry SDK, as the preload uses it. It is installed for packages/instrumentation
 * (host-metrics only needs the API), so it is resolved from there.
 */
const requireSdk = createRequire(new URL('../../../instrumentation/package.json', import.meta.url));
const sdk = requireSdk('@opentelemetry/sdk-metrics') as {
  MeterProvider: new (options: { readers: unknown[] }) => ApiMeterProvider & { shutdown(): Promise<void> };
  MetricReader: new () => SdkReader;
};

interface SdkReader {
  collect(): Promise<{ resourceMetrics: { scopeMetrics: ScopeMetrics[] }; errors: unknown[] }>;
}
interface ScopeMetrics {
  metrics: Array<{
    descriptor: { name: string; unit: string; type: string };
    dataPoints: Array<{ attributes: Record<string, unknown>; value: number | HistogramValue }>;
  }>;
}

/** A histogram data point's value. */
export interface HistogramValue {
  count: number;
  sum: number;
  buckets: { boundaries: number[]; counts: number[] };
}

/** One data point, flattened. */
export interface Point {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  value: number | HistogramValue;
}

/** A MetricReader the test collects from on demand, like a Prometheus scrape does. */
class TestReader extends (sdk.MetricReader as unknown as new () => SdkReader & object) {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** A started host-metrics pipeline over a real SDK MeterProvider. */
export interface Pipeline {
  /** Collects once and returns every data point. */
  collect(): Promise<Point[]>;
  /** Stops host metrics but keeps the provider, so a test can collect afterwards. */
  stop(): void;
  /** Stops host metrics and shuts the provider down. */
  close(): Promise<void>;
}

/** Starts host metrics on a fresh SDK MeterProvider whose reader the test collects from. */
export function startPipeline(options: HostMetricsOptions = {}): Pipeline {
  const reader = new TestReader();
  const provider = new sdk.MeterProvider({ readers: [reader] });
  const handle = startHostMetrics(provider, options);
  return {
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collection errors');
      return resourceMetrics.scopeMetrics.flatMap((scope) =>
        scope.metrics.flatMap((m) =>
          m.dataPoints.map((p) => ({
            name: m.descriptor.name,
            unit: m.descriptor.unit,
            attributes: p.attributes,
            value: p.value,
          })),
        ),
      );
    },
    stop() {
      handle.stop();
    },
    async close() {
      handle.stop();
      await provider.shutdown();
    },
  };
}

/** The single numeric value of `name` whose attributes include `attributes`; throws if not exactly one. */
export function valueIn(points: Point[], name: string, attributes: Record<string, unknown> = {}): number {
  const found = find(points, name, attributes);
  if (found.length !== 1)
    throw new Error(`expected one ${name} ${JSON.stringify(attributes)}, found ${found.length}`);
  const value = found[0]?.value;
  if (typeof value !== 'number') throw new Error(`${name} is not a number`);
  return value;
}

/** Every point of `name` whose attributes include `attributes`. */
export function find(points: Point[], name: string, attributes: Record<string, unknown> = {}): Point[] {
  return points.filter(
    (p) => p.name === name && Object.entries(attributes).every(([k, v]) => p.attributes[k] === v),
  );
}

/** Absolute path of a fixture. */
export function fixture(path: string): string {
  return new URL(`../fixtures/${path}`, import.meta.url).pathname;
}
