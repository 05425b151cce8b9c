import { type ConfigIssue, issueAt, type Locator } from '@golden-signals/config-issues';
import { parseDuration } from '../../shared/duration.ts';

/** A config path, as handed to {@link issueAt}. */
export type Path = readonly (string | number)[];

/**
 * Small typed accessors over plain parsed YAML that record an issue (file, line, field, what was
 * expected) instead of throwing, so one pass reports every problem at once.
 */
export class ConfigReader {
  readonly issues: ConfigIssue[] = [];
  readonly loc: Locator;

  constructor(loc: Locator) {
    this.loc = loc;
  }

  fail(path: Path, message: string): undefined {
    this.issues.push(issueAt(this.loc, path, message));
    return undefined;
  }

  /** The value as a mapping, reporting unknown keys (a typo must not be silently ignored). */
  object(value: unknown, path: Path, known: readonly string[]): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(path, 'expected a mapping');
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key))
        this.fail([...path, key], `unknown field '${key}'; expected one of: ${known.join(', ')}`);
    }
    return obj;
  }

  list(value: unknown, path: Path): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) return this.fail(path, 'expected a list');
    return value;
  }

  string(value: unknown, path: Path): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.fail(path, `expected a string, got ${typeof value}`);
    return value;
  }

  strings(value: unknown, path: Path): string[] | undefined {
    const items = this.list(value, path);
    if (!items) return undefined;
    const out: string[] = [];
    items.forEach((v, i) => {
      const s = this.string(v, [...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  bool(value: unknown, path: Path): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') return this.fail(path, 'expected true or false');
    return value;
  }

  positiveNumber(value: unknown, path: Path): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return this.fail(path, `expected a number greater than 0, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  duration(value: unknown, path: Path): number | undefined {
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined)
      return this.fail(path, `expected a duration like 30s or 5m, got ${JSON.stringify(value)}`);
    return ms;
  }

  /**
   * An http(s) URL. The message never quotes the value: webhook URLs are secrets (the token is
   * in the path), and error messages end up in logs and CI output.
   */
  url(value: unknown, path: Path): string | undefined {
    const s = this.string(value, path);
    if (s === undefined) return undefined;
    let ok = false;
    try {
      const u = new URL(s);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) {
      const hint = s.includes('${') ? ' (an environment variable was not set?)' : '';
      return this.fail(
        path,
        `expected an http:// or https:// URL${hint}; the value is not shown because it may be secret`,
      );
    }
    return s;
  }
}
