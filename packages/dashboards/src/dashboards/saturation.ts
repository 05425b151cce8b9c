import {
  CGROUP_CPU_LIMIT,
  CGROUP_CPU_THROTTLED_TIME,
  CGROUP_CPU_TIME,
  CGROUP_MEMORY_LIMIT,
  CGROUP_MEMORY_WORKING_SET,
  NODEJS_EVENTLOOP_DELAY,
  PROCESS_FDS,
  PROCESS_FDS_LIMIT,
  RECORDING_RULES as R,
  SATURATION,
  SYSTEM_CPU_COUNT,
  SYSTEM_LOAD_1M,
  V8JS_GC_DURATION,
  V8JS_HEAP_MAX,
  V8JS_HEAP_USED,
} from '@golden-signals/conventions';
import type { Dashboard } from '@grafana/schema';
import { dashboard } from '../dashboard.ts';
import { queryVariable } from '../datasource.ts';
import { barGauge } from '../panels/barGauge.ts';
import { heatmap } from '../panels/heatmap.ts';
import { timeseries } from '../panels/timeseries.ts';
import { BY_SERVICE, selector } from '../promql.ts';

/** The seed's alert thresholds, shown as colours: 75 % (memory) to 80 % orange, 95 % red. */
const SATURATION_STEPS = [
  { color: 'green', value: null },
  { color: 'orange', value: 0.75 },
  { color: 'red', value: 0.95 },
];

/**
 * Saturation: every `saturation_ratio` resource in one place (a new resource appears without a
 * dashboard change), then the event loop, the container's limits and the V8 heap.
 */
export function saturationDashboard(): Dashboard {
  const sat = SATURATION.prometheus;
  return dashboard({
    uid: 'golden-signals-saturation',
    title: 'Saturation',
    description: 'How close each resource is to its limit (container-aware), the event loop and the heap.',
    tags: ['saturation'],
    variables: [
      queryVariable({ name: 'service_name', label: 'Service', query: `label_values(${sat}, service_name)` }),
    ],
    rows: [
      {
        title: 'Every resource',
        panels: [
          barGauge({
            title: 'Saturation now (most saturated instance)',
            unit: 'percentunit',
            min: 0,
            max: 1,
            steps: SATURATION_STEPS,
            queries: [
              {
                expr: selector(R.SERVICE_RESOURCE_SATURATION_MAX, BY_SERVICE),
                legend: '{{service_name}} {{resource}} {{mountpoint}}',
              },
            ],
          }),
          timeseries({
            title: 'Saturation by resource (5 min average, as alerts see it)',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: selector(R.SERVICE_RESOURCE_SATURATION_AVG5M, BY_SERVICE),
                legend: '{{service_name}} {{resource}} {{mountpoint}}',
              },
            ],
          }),
          timeseries({
            title: 'Saturation by instance',
            description: 'One line per instance and resource: spot the one pod that is different.',
            unit: 'percentunit',
            min: 0,
            max: 1,
            w: 24,
            queries: [
              { expr: selector(sat, BY_SERVICE), legend: '{{instance}} {{resource}} {{mountpoint}}' },
            ],
          }),
        ],
      },
      {
        title: 'Event loop',
        panels: [
          timeseries({
            title: 'Event-loop utilization',
            unit: 'percentunit',
            min: 0,
            max: 1,
            queries: [
              {
                expr: `max by (service_name, instance) (${selector(sat, { ...BY_SERVICE, resource: '="event_loop"' })})`,
                legend: '{{service_name}} {{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'Event-loop delay p99',
            unit: 's',
            queries: [
              { expr: selector(R.SERVICE_EVENTLOOP_DELAY_P99, BY_SERVICE), legend: '{{service_name}}' },
            ],
          }),
          heatmap({
            title: 'Event-loop delay distribution',
            expr: `sum by (le) (rate(${selector(`${NODEJS_EVENTLOOP_DELAY.prometheus}_bucket`, BY_SERVICE)}[$__rate_interval]))`,
          }),
          timeseries({
            title: 'Share of time in GC pauses, by kind',
            description:
              'Seconds of GC pause per second of wall time (shown as %). Empty unless the app runs with GOLDEN_SIGNALS_GC_PAUSES=true (off by default: observing GCs keeps a larger V8 young generation).',
            unit: 'percentunit',
            stack: true,
            queries: [
              {
                expr: `sum by (v8js_gc_type) (rate(${selector(`${V8JS_GC_DURATION.prometheus}_sum`, BY_SERVICE)}[$__rate_interval]))`,
                legend: '{{v8js_gc_type}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Container limits',
        panels: [
          timeseries({
            title: 'Container memory: working set vs limit',
            description: 'Absent outside a container or without a memory limit.',
            unit: 'bytes',
            queries: [
              {
                expr: `max by (instance) (${selector(CGROUP_MEMORY_WORKING_SET.prometheus, BY_SERVICE)})`,
                legend: 'working set {{instance}}',
              },
              {
                expr: `max by (instance) (${selector(CGROUP_MEMORY_LIMIT.prometheus, BY_SERVICE)})`,
                legend: 'limit {{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'Container CPU: used vs limit',
            description: 'CPUs used by the container against its quota; absent without a CPU quota.',
            unit: 'short',
            queries: [
              {
                expr: `sum by (instance) (rate(${selector(CGROUP_CPU_TIME.prometheus, BY_SERVICE)}[$__rate_interval]))`,
                legend: 'used {{instance}}',
              },
              {
                expr: `max by (instance) (${selector(CGROUP_CPU_LIMIT.prometheus, BY_SERVICE)})`,
                legend: 'limit {{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'CPU throttling',
            description:
              'Seconds throttled per second of wall time (shown as %; past 100 % with several CPUs): the container waited because its quota ran out, latency nobody sees in CPU %.',
            unit: 'percentunit',
            queries: [
              {
                expr: `sum by (instance) (rate(${selector(CGROUP_CPU_THROTTLED_TIME.prometheus, BY_SERVICE)}[$__rate_interval]))`,
                legend: '{{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'Open file descriptors vs limit',
            unit: 'short',
            queries: [
              {
                expr: `max by (instance) (${selector(PROCESS_FDS.prometheus, BY_SERVICE)})`,
                legend: 'open {{instance}}',
              },
              {
                expr: `max by (instance) (${selector(PROCESS_FDS_LIMIT.prometheus, BY_SERVICE)})`,
                legend: 'limit {{instance}}',
              },
            ],
          }),
        ],
      },
      {
        title: 'Host and heap',
        panels: [
          timeseries({
            title: 'Load average per CPU',
            description: 'Above 1, runnable work waits for a CPU.',
            unit: 'short',
            queries: [
              {
                expr: `max by (instance) (${selector(SYSTEM_LOAD_1M.prometheus, BY_SERVICE)}) / max by (instance) (${selector(SYSTEM_CPU_COUNT.prometheus, BY_SERVICE)})`,
                legend: '{{instance}}',
              },
            ],
          }),
          timeseries({
            title: 'V8 heap used vs max',
            unit: 'bytes',
            queries: [
              {
                expr: `sum by (instance) (${selector(V8JS_HEAP_USED.prometheus, BY_SERVICE)})`,
                legend: 'used {{instance}}',
              },
              {
                expr: `max by (instance) (${selector(V8JS_HEAP_MAX.prometheus, BY_SERVICE)})`,
                legend: 'max {{instance}}',
              },
            ],
          }),
        ],
      },
    ],
  });
}
