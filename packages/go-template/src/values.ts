/**
 * The Go values a template sees, modelled in JS: `string` is a Go string, `number` a float64,
 * `bigint` an int, `boolean` a bool, `null` a nil interface; the classes below cover the rest.
 */

/** A Go map with string keys; `zero` is what a missing key yields under missingkey=zero. */
export class GoMap {
  readonly entries: Map<string, GoValue>;
  readonly typeName: string;
  readonly zero: GoValue;
  constructor(entries: Map<string, GoValue>, typeName = 'map[string]string', zero: GoValue = '') {
    this.entries = entries;
    this.typeName = typeName;
    this.zero = zero;
  }
  /** Keys in Go's sorted order (byte order of the strings). */
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort(compareGoStrings);
  }
}

/** A Go struct (or pointer to one, when `pointer` is set). Field order is kept for printing. */
export class GoStruct {
  readonly fields: Map<string, GoValue>;
  readonly typeName: string;
  constructor(fields: Map<string, GoValue>, typeName: string) {
    this.fields = fields;
    this.typeName = typeName;
  }
}

/** A typed nil pointer, such as a nil `*template.sample`. */
export class GoNilPointer {
  readonly typeName: string;
  constructor(typeName: string) {
    this.typeName = typeName;
  }
}

/** A Go slice; `typeName` is e.g. `template.queryResult` or `[]interface {}`. */
export class GoSlice {
  readonly items: GoValue[];
  readonly typeName: string;
  constructor(items: GoValue[], typeName: string) {
    this.items = items;
    this.typeName = typeName;
  }
}

/** A string of a named type (html/template.HTML) that prints as itself. */
export class GoNamedString {
  readonly value: string;
  readonly typeName: string;
  constructor(value: string, typeName: string) {
    this.value = value;
    this.typeName = typeName;
  }
}

/** A time.Duration in nanoseconds. */
export class GoDuration {
  readonly ns: bigint;
  constructor(ns: bigint) {
    this.ns = ns;
  }
}

/** A time.Time in UTC, in nanoseconds since the epoch. */
export class GoTime {
  readonly ns: bigint;
  constructor(ns: bigint) {
    this.ns = ns;
  }
}

/** A function value a template can `call`. */
export class GoFunc {
  readonly fn: TemplateFunction;
  constructor(fn: TemplateFunction) {
    this.fn = fn;
  }
}

/** Any value a template can hold. */
export type GoValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | GoMap
  | GoStruct
  | GoNilPointer
  | GoSlice
  | GoNamedString
  | GoDuration
  | GoTime
  | GoFunc;

/** How a function wants each argument; `any` takes whatever comes. */
export type ParamType = 'any' | 'string' | 'float64' | 'int' | 'sample' | 'queryResult' | 'bool';

/** A function callable from a template, with Go's signature so arguments are checked as Go does. */
export interface TemplateFunction {
  readonly params: readonly ParamType[];
  /** The last parameter repeats (Go's `...T`). */
  readonly variadic?: boolean;
  /** Returns a value, or throws an Error whose message Go would put after `error calling NAME:`. */
  readonly call: (...args: GoValue[]) => GoValue | Promise<GoValue>;
}

/** Go's comparison of strings: by UTF-8 bytes, which is code point order. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!.codePointAt(0)!;
    const y = cb[i]!.codePointAt(0)!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}

/** The Go type name of a value, as reflect prints it in error messages. */
export function goTypeName(v: GoValue): string {
  if (v === null) return '<nil>';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof GoDuration) return 'time.Duration';
  if (v instanceof GoTime) return 'time.Time';
  if (v instanceof GoFunc) return 'func';
  return v.typeName;
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: GoValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'boolean':
      return v;
  }
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoSlice) return v.items.length > 0;
  if (v instanceof GoNilPointer) return false;
  if (v instanceof GoNamedString) return v.value.length > 0;
  if (v instanceof GoDuration) return v.ns !== 0n;
  return true;
}

/** Builds a `map[string]string` from a plain record. */
export function stringMap(record: Readonly<Record<string, string>>): GoMap {
  return new GoMap(new Map(Object.entries(record)));
}
