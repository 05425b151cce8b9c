import { durationString, timeString } from './goTime.ts';
import {
  GoDuration,
  GoMap,
  GoNilPointer,
  GoStruct,
  GoTime,
  type GoValue,
  type TemplateFunction,
} from './values.ts';

/** A value whose fields or keys a template may read. */
export type FieldOwner = GoValue;

/** What `.Name` finds on a value: a struct field, a map entry, a nil pointer, or nothing. */
export type FieldLookup =
  | { kind: 'field'; value: GoValue }
  | { kind: 'key'; value: GoValue }
  | { kind: 'nil' }
  | { kind: 'none' };

/** Looks `.name` up as Go's evalField does for structs, maps and pointers. */
export function lookupField(receiver: FieldOwner, name: string): FieldLookup {
  if (receiver instanceof GoStruct) {
    return receiver.fields.has(name)
      ? { kind: 'field', value: receiver.fields.get(name)! }
      : { kind: 'none' };
  }
  if (receiver instanceof GoMap) {
    return { kind: 'key', value: receiver.entries.has(name) ? receiver.entries.get(name)! : receiver.zero };
  }
  if (receiver instanceof GoNilPointer) {
    return receiver.typeName === '*template.sample' && (name === 'Labels' || name === 'Value')
      ? { kind: 'nil' }
      : { kind: 'none' };
  }
  return { kind: 'none' };
}

const NS = 1_000_000_000n;

function method(
  call: (...a: GoValue[]) => GoValue,
  params: TemplateFunction['params'] = [],
): TemplateFunction {
  return { params, call };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function timeMethods(t: GoTime): Record<string, TemplateFunction> {
  const parts = (): string[] => timeString(t).split(/[- :.]/);
  return {
    Unix: method(() => floorDiv(t.ns, NS)),
    UnixMilli: method(() => floorDiv(t.ns, 1_000_000n)),
    UnixNano: method(() => t.ns),
    String: method(() => timeString(t)),
    UTC: method(() => t),
    Year: method(() => BigInt(parts()[0]!)),
    Day: method(() => BigInt(parts()[2]!)),
    Hour: method(() => BigInt(parts()[3]!)),
    Minute: method(() => BigInt(parts()[4]!)),
    Second: method(() => BigInt(parts()[5]!)),
  };
}

function durationMethods(d: GoDuration): Record<string, TemplateFunction> {
  const secs = (): number => Number(d.ns / NS) + Number(d.ns % NS) / 1e9;
  return {
    String: method(() => durationString(d)),
    Seconds: method(secs),
    Minutes: method(() => Number(d.ns / (60n * NS)) + Number(d.ns % (60n * NS)) / 6e10),
    Hours: method(() => Number(d.ns / (3600n * NS)) + Number(d.ns % (3600n * NS)) / 3.6e12),
    Milliseconds: method(() => d.ns / 1_000_000n),
    Nanoseconds: method(() => d.ns),
  };
}

/** The method `name` of a value (time.Time and time.Duration have some), if any. */
export function methodOf(receiver: GoValue, name: string): TemplateFunction | undefined {
  if (receiver instanceof GoTime) return timeMethods(receiver)[name];
  if (receiver instanceof GoDuration) return durationMethods(receiver)[name];
  return undefined;
}
