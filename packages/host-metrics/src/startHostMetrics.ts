import {
  HOST_ATTR,
  type InstrumentSpec,
  NODEJS_EVENTLOOP_DELAY,
  V8JS_GC_DURATION,
} from '@golden-signals/conventions';
import {
  type BatchObservableCallback,
  diag,
  type Histogram,
  type Meter,
  type MeterProvider,
  type Observable,
} from '@opentelemetry/api';
import { EventLoopDelaySampler } from './eventLoopDelaySampler.ts';
import { FileSource } from './fileSource.ts';
import { GcRecorder } from './gcRecorder.ts';
import { HostCollector } from './hostCollector.ts';
import { createObservable, GROUP_INSTRUMENTS, observeSnapshot } from './observeSnapshot.ts';
import {
  HOST_METRIC_GROUPS,
  type HostMetricGroup,
  type HostMetricsHandle,
  type HostMetricsOptions,
} from './types.ts';

/** The instrumentation scope every host metric is reported under. */
export const METER_NAME = '@golden-signals/host-metrics';

function createHistogram(meter: Meter, spec: InstrumentSpec): Histogram {
  return meter.createHistogram(spec.name, {
    description: spec.description,
    unit: spec.unit,
    ...(spec.buckets && { advice: { explicitBucketBoundaries: [...spec.buckets] } }),
  });
}

function checkGroups(groups: readonly HostMetricGroup[]): void {
  for (const group of groups) {
    if (!HOST_METRIC_GROUPS.includes(group)) {
      throw new TypeError(
        `host-metrics: unknown group "${group}"; expected one of ${HOST_METRIC_GROUPS.join(', ')}`,
      );
    }
  }
}

/**
 * Starts collecting host, container and runtime metrics into `meterProvider`.
 *
 * Gauges and counters are read in one batch callback when the provider's readers collect (scrape
 * or export time), so nothing runs between collections except the event-loop delay sampler (a
 * ~1 µs timer tick) and, when `gcPauses` is on, the GC observer. A failing read omits its metrics
 * with one debug line and never throws into the app.
 *
 * @throws TypeError for an unknown group or a sample interval below 1 ms (bad options are the
 * caller's bug, reported at once rather than silently ignored).
 */
export function startHostMetrics(
  meterProvider: MeterProvider,
  options: HostMetricsOptions = {},
): HostMetricsHandle {
  const groups = options.groups ?? HOST_METRIC_GROUPS;
  checkGroups(groups);
  const sampleIntervalMs = options.eventLoopSampleIntervalMs ?? 20;
  if (!(sampleIntervalMs >= 1)) {
    throw new RangeError(`host-metrics: eventLoopSampleIntervalMs must be >= 1, got ${sampleIntervalMs}`);
  }
  const debug = options.debug ?? ((message: string) => diag.debug(message));
  const meter = meterProvider.getMeter(METER_NAME);
  const files = new FileSource(debug);
  const collector = new HostCollector(
    files,
    {
      procRoot: options.procRoot ?? '/proc',
      sysRoot: options.sysRoot ?? '/sys',
      cgroupRoot: options.cgroupRoot ?? '/sys/fs/cgroup',
      mountCacheMs: options.mountCacheMs ?? 60_000,
    },
    groups,
  );

  const instruments = new Map<InstrumentSpec, Observable>();
  for (const group of groups) {
    for (const spec of GROUP_INSTRUMENTS[group]) instruments.set(spec, createObservable(meter, spec));
  }
  const callback: BatchObservableCallback = (result) => {
    try {
      observeSnapshot(result, instruments, collector.collect());
    } catch (error) {
      files.report('collection', `failed (${(error as Error)?.message ?? String(error)})`);
    }
  };
  const observables = [...instruments.values()];
  meter.addBatchObservableCallback(callback, observables);

  let sampler: EventLoopDelaySampler | undefined;
  let gc: GcRecorder | undefined;
  if (groups.includes('runtime')) {
    const delay = createHistogram(meter, NODEJS_EVENTLOOP_DELAY);
    sampler = new EventLoopDelaySampler(sampleIntervalMs, (s) => delay.record(s));
    sampler.start();
    if (options.gcPauses) {
      const pauses = createHistogram(meter, V8JS_GC_DURATION);
      gc = new GcRecorder((s, type) => pauses.record(s, { [HOST_ATTR.GC_TYPE]: type }));
      gc.start();
    }
  }

  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      meter.removeBatchObservableCallback(callback, observables);
      sampler?.stop();
      gc?.stop();
    },
  };
}
