export { HostCollector, type HostSnapshot } from './hostCollector.ts';
export { type SaturationInput, type SaturationRatio, saturationRatios } from './saturationRatios.ts';
export { METER_NAME, startHostMetrics } from './startHostMetrics.ts';
export {
  HOST_METRIC_GROUPS,
  type HostMetricGroup,
  type HostMetricsHandle,
  type HostMetricsOptions,
} from './types.ts';
