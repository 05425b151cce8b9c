export * from './functions.ts';
export * from './parser.ts';
export * from './selectedSeries.ts';
export * from './types.ts';
