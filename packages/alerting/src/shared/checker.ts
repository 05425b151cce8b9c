/**
 * Small typed readers for parsed YAML that collect every problem as a ConfigIssue (at the field's
 * position) instead of stopping at the first, so `check` reports all errors at once.
 */

import { type ConfigIssue, issueAt, type Locator } from '@golden-signals/config-issues';
import { parseDuration } from './duration.ts';

type Path = readonly (string | number)[];
type Obj = Record<string, unknown>;

/** Collects issues for one file. */
export interface Checker {
  readonly loc: Locator;
  readonly issues: ConfigIssue[];
  fail(path: Path, message: string): void;
  /** The value as a mapping, or undefined (with an issue unless it is absent and optional). */
  map(v: unknown, path: Path, required?: boolean): Obj | undefined;
  /** Reports keys of `obj` not in `allowed`. */
  keys(obj: Obj, path: Path, allowed: readonly string[]): void;
  str(obj: Obj, key: string, path: Path, required?: boolean): string | undefined;
  num(obj: Obj, key: string, path: Path, required?: boolean): number | undefined;
  int(obj: Obj, key: string, path: Path, min: number): number | undefined;
  duration(obj: Obj, key: string, path: Path): number | undefined;
  strList(obj: Obj, key: string, path: Path): string[] | undefined;
  strMap(obj: Obj, key: string, path: Path): Record<string, string> | undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Creates a checker for the file behind `loc`. */
export function createChecker(loc: Locator): Checker {
  const issues: ConfigIssue[] = [];
  const fail = (path: Path, message: string) => {
    issues.push(issueAt(loc, path, message));
  };
  const c = { loc, issues, fail, ...scalarChecks(fail) } as Checker;
  return Object.assign(c, compositeChecks(c, fail));
}

type Fail = (path: Path, message: string) => void;

/** Mappings, their keys, strings and numbers. */
function scalarChecks(fail: Fail): Pick<Checker, 'map' | 'keys' | 'str' | 'num'> {
  return {
    map(v, path, required = false) {
      if (v === undefined || v === null) {
        if (required) fail(path, 'is required: expected a mapping');
        return undefined;
      }
      if (typeof v !== 'object' || Array.isArray(v)) {
        fail(path, `expected a mapping, got ${describe(v)}`);
        return undefined;
      }
      return v as Obj;
    },
    keys(obj, path, allowed) {
      for (const k of Object.keys(obj)) {
        if (!allowed.includes(k))
          fail([...path, k], `unknown field '${k}': expected one of ${allowed.join(', ')}`);
      }
    },
    str(obj, key, path, required = false) {
      const v = obj[key];
      if (v === undefined || v === null) {
        if (required) fail([...path, key], `${key} is required: expected a string`);
        return undefined;
      }
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (typeof v !== 'string') {
        fail([...path, key], `expected a string, got ${describe(v)}`);
        return undefined;
      }
      if (required && v.trim() === '') fail([...path, key], `${key} must not be empty`);
      return v;
    },
    num(obj, key, path, required = false) {
      const v = obj[key];
      if (v === undefined || v === null) {
        if (required) fail([...path, key], `${key} is required: expected a number`);
        return undefined;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        fail([...path, key], `expected a number, got ${describe(v)}`);
        return undefined;
      }
      return v;
    },
  };
}

/** Checks built on the scalar ones: whole numbers, durations, string lists and string maps. */
function compositeChecks(c: Checker, fail: Fail): Pick<Checker, 'int' | 'duration' | 'strList' | 'strMap'> {
  return {
    int(obj, key, path, min) {
      const v = c.num(obj, key, path);
      if (v !== undefined && (!Number.isInteger(v) || v < min)) {
        fail([...path, key], `expected a whole number >= ${min}, got ${v}`);
        return undefined;
      }
      return v;
    },
    duration(obj, key, path) {
      const v = obj[key];
      if (v === undefined || v === null) return undefined;
      const ms = typeof v === 'string' ? parseDuration(v) : v === 0 ? 0 : undefined;
      if (ms === undefined)
        fail([...path, key], `expected a duration like 30s, 5m or 1h, got ${describe(v)}`);
      return ms;
    },
    strList(obj, key, path) {
      const v = obj[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v)) {
        fail([...path, key], `expected a list of strings, got ${describe(v)}`);
        return undefined;
      }
      const out: string[] = [];
      v.forEach((x, i) => {
        if (typeof x === 'string') out.push(x);
        else fail([...path, key, i], `expected a string, got ${describe(x)}`);
      });
      return out;
    },
    strMap(obj, key, path) {
      const m = c.map(obj[key], [...path, key]);
      if (!m) return undefined;
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(m)) {
        if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
        else fail([...path, key, k], `expected a string, got ${describe(x)}`);
      }
      return out;
    },
  };
}
