import type { ValueType } from './types.ts';

/** The name Prometheus' messages use for a value type (parser.DocumentedType). */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return t;
  }
}
