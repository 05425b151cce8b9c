export * from './functions.ts';
export { parsePromql } from './parser.ts';
export * from './selectedSeries.ts';
export * from './types.ts';
