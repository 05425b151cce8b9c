import { ATTR } from './attributes.ts';
import { instrument } from './instrument.ts';

/**
 * One family for every saturated resource, always 0..1:
 * - `cpu`: process CPU time over the CPU available (container quota when set, else host cores);
 * - `memory`: memory in use over the container limit when set, else over host memory;
 * - `disk`: used over size, per real mount (`mountpoint` label);
 * - `fds`: open file descriptors over the soft limit;
 * - `event_loop`: event-loop utilization (time busy over time elapsed).
 */
export const SATURATION = instrument({
  name: 'saturation',
  unit: '1',
  kind: 'gauge',
  description: 'Saturation of a resource, 0..1 (see resource label).',
  attributes: [ATTR.RESOURCE, ATTR.MOUNTPOINT],
});

/** The `resource` label values of `saturation_ratio`. */
export const SATURATION_RESOURCES = ['cpu', 'memory', 'disk', 'fds', 'event_loop'] as const;
/** One of {@link SATURATION_RESOURCES}. */
export type SaturationResource = (typeof SATURATION_RESOURCES)[number];
