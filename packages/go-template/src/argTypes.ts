import type { Node, NumberNode } from './nodes.ts';
import { nodeString } from './nodes.ts';
import {
  GoFunc,
  GoNilPointer,
  GoSlice,
  GoStruct,
  type GoValue,
  goTypeName,
  type ParamType,
} from './values.ts';

/** Go's invalid reflect.Value: no value at all (prints `<no value>`). */
export type Val = GoValue | undefined;

/** Reports an execution error at the current node; never returns. */
export type Fail = (msg: string) => never;

/** Go's names of the parameter types, as error messages print them. */
export const TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  string: 'string',
  float64: 'float64',
  int: 'int',
  bool: 'bool',
  sample: '*template.sample',
  queryResult: 'template.queryResult',
};

/** A number literal passed where any value goes: int, or float64 when it is written as a float. */
export function idealConstant(n: NumberNode, fail: Fail): GoValue {
  if (n.isComplex) fail(`complex numbers are not supported: ${n.text}`);
  const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
  if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
  if (n.isInt) return n.int;
  return fail(`${n.text} overflows int`);
}

/** A literal passed to a parameter of type `typ`, with Go's complaints when it does not fit. */
export function literalArg(typ: ParamType | null, n: Node, fail: Fail): Val {
  const found = nodeString(n);
  switch (typ) {
    case 'bool':
      return n.kind === 'bool' ? n.value : fail(`expected bool; found ${found}`);
    case 'float64':
      return n.kind === 'number' && n.isFloat ? n.float : fail(`expected float; found ${found}`);
    case 'int':
      return n.kind === 'number' && n.isInt ? n.int : fail(`expected integer; found ${found}`);
    case 'string':
      return n.kind === 'string' ? n.text : fail(`expected string; found ${found}`);
    case null:
    case 'any':
      if (n.kind === 'bool') return n.value;
      if (n.kind === 'number') return idealConstant(n, fail);
      if (n.kind === 'string') return n.text;
      return fail(`can't handle assignment of ${found} to empty interface argument`);
  }
  return fail(`can't handle ${found} for arg of type ${TYPE_NAMES[typ]}`);
}

/** Checks a computed value against a parameter type, as Go's validateType. */
export function validateType(v: Val, typ: ParamType | null, fail: Fail): Val {
  if (v === undefined || v === null) {
    if (typ === null || typ === 'any' || typ === 'sample' || typ === 'queryResult') return nilOf(typ);
    return fail(`invalid value; expected ${TYPE_NAMES[typ]}`);
  }
  if (typ === null || typ === 'any' || matches(v, typ)) return v;
  return fail(`wrong type for value; expected ${TYPE_NAMES[typ]}; got ${goTypeName(v)}`);
}

/** The nil of a parameter type (a typed nil pointer or slice, or a nil interface). */
export function nilOf(typ: ParamType | null): Val {
  if (typ === 'sample') return new GoNilPointer('*template.sample');
  if (typ === 'queryResult') return new GoSlice([], 'template.queryResult');
  return typ === null ? undefined : null;
}

/** Whether a value has the parameter's Go type. */
function matches(v: GoValue, typ: ParamType): boolean {
  switch (typ) {
    case 'string':
      return typeof v === 'string';
    case 'float64':
      return typeof v === 'number';
    case 'int':
      return typeof v === 'bigint';
    case 'bool':
      return typeof v === 'boolean';
    case 'sample':
      return (v instanceof GoStruct || v instanceof GoNilPointer) && v.typeName === '*template.sample';
    case 'queryResult':
      return v instanceof GoSlice && v.typeName === 'template.queryResult';
    default:
      return !(v instanceof GoFunc) || true;
  }
}
