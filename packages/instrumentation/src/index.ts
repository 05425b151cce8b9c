export { recentErrors } from './api.ts';
export { type Instrumentation, current, start } from './instrumentation.ts';
export { measure, measured, timed } from './measure.ts';
export { setRequestError, setRoute } from './http/requestRoute.ts';
export type { RecentError } from './errors/recentErrors.ts';
export type { InstrumentationOptions } from './types.ts';
export { configure, getMeterProvider, getRegistry, shutdown } from './api.ts';
export type { Registry } from './registry/registry.ts';
export type { Instrument } from './registry/instrument.ts';
