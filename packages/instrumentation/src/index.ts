export { configure, getMeterProvider, getRegistry, recentErrors, shutdown } from './api.ts';
export { errorTypeOf } from './errors/errorClass.ts';
export type { RecentError } from './errors/recentErrors.ts';
export { setRequestError, setRoute } from './http/requestRoute.ts';
export { current, type Instrumentation, start } from './instrumentation.ts';
export { measure, measured, timed } from './measure.ts';
export type { Instrument } from './registry/instrument.ts';
export type { Registry } from './registry/registry.ts';
export type { InstrumentationOptions } from './types.ts';
