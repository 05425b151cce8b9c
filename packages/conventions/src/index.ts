export * from './attributes.ts';
export * from './buckets.ts';
export * from './business.ts';
export * from './http.ts';
export * from './instrument.ts';
export * from './prometheusName.ts';
export * from './saturation.ts';
export * from './recordingRules.ts';
