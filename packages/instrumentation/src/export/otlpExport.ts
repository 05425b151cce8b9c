import type { Log } from '../log.ts';
import type { Registry } from '../registry/registry.ts';
import { registryProducer } from './metricProducer.ts';

/** Options of OTLP export. */
export interface OtlpOptions {
  readonly endpoint?: string;
  readonly intervalMillis: number;
  readonly resourceAttributes: Record<string, string>;
  readonly registry: Registry;
  readonly log: Log;
}

/** A running OTLP export: flush sends what is recorded now. */
export interface OtlpExport {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Starts OTLP/HTTP export through the OpenTelemetry SDK: a MeterProvider whose periodic reader
 * pulls from our registry (a MetricProducer). The SDK and exporter take ~200-300 ms to load on
 * this machine, so they are imported here, after the app has started, never in the preload's
 * synchronous path.
 */
export async function startOtlpExport(o: OtlpOptions): Promise<OtlpExport> {
  const [
    { MeterProvider, PeriodicExportingMetricReader },
    { OTLPMetricExporter },
    { resourceFromAttributes },
  ] = await Promise.all([
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = new OTLPMetricExporter(o.endpoint ? { url: o.endpoint } : {});
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: o.intervalMillis,
    exportTimeoutMillis: Math.min(30_000, o.intervalMillis),
    metricProducers: [registryProducer(o.registry) as never],
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes(o.resourceAttributes),
    readers: [reader],
  });
  o.log.debug(`exporting OTLP to ${o.endpoint ?? 'the default endpoint'} every ${o.intervalMillis} ms`);
  return {
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
