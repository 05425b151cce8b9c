/** A path into the YAML document: keys and list indexes, e.g. `['route', 'routes', 0, 'matchers', 1]`. */
export type Path = readonly (string | number)[];

/**
 * One problem in a routing config. The path lets the caller point at file:line:column with its
 * YAML locator; the message says what was expected, in Alertmanager's words where it has some.
 */
export interface RoutingIssue {
  readonly path: Path;
  readonly message: string;
}

/** Collects issues while reading a config, so every problem is reported at once. */
export class IssueList {
  readonly issues: RoutingIssue[] = [];

  add(path: Path, message: string): void {
    this.issues.push({ path, message });
  }

  /** The object at `path`, or undefined (with an issue when it is something else, or has unknown keys). */
  object(value: unknown, path: Path, keys: readonly string[]): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, 'expected a mapping');
      return undefined;
    }
    const o = value as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.add([...path, k], `unknown field '${k}'`);
    return o;
  }

  /** A list of strings (YAML scalars are read as text, as Go's YAML reader does for string fields). */
  strings(value: unknown, path: Path): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.add(path, 'expected a list of strings');
      return undefined;
    }
    const out: string[] = [];
    for (const [i, v] of value.entries()) {
      const s = this.scalar(v, [...path, i]);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  /** A string, number or boolean as text; anything else is an issue. */
  scalar(value: unknown, path: Path): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value !== undefined && value !== null) this.add(path, 'expected a string');
    return undefined;
  }

  /** A mapping of label names to strings (`match`, `labels`). */
  stringMap(value: unknown, path: Path): Record<string, string | null> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, 'expected a mapping of label names to values');
      return undefined;
    }
    const out: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = v === null ? null : (this.scalar(v, [...path, k]) ?? null);
    }
    return out;
  }
}

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** Prometheus' duration syntax (`1h30m`, `90s`, `0`), in milliseconds; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const m = text === '' ? null : DURATION.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) ms += Number(m[i + 1] ?? 0) * (UNIT_MS[i] as number);
  return ms;
}

/** Prometheus' classic label-name rule, which `match`, `match_re` and route `labels` keys follow. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
