/**
 * `${VAR}` expansion in string values (after parsing, so positions stay true) and `*_file` secrets:
 * a key `api_url_file: /run/secrets/slack` becomes `api_url: <file contents>`, so secrets can live
 * in files (Kubernetes secrets, Docker secrets) and never in the config itself.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { type ConfigIssue, fieldName, issueAt, type Locator } from '@golden-signals/config-issues';

/**
 * `${` and `}` are YAML flow indicators, so `slack: { webhook_url: ${SLACK_WEBHOOK_URL} }` (the
 * form the README shows) is a syntax error as written. Before parsing, each reference's braces
 * become two private-use characters (same length, so every position stays true); {@link VAR}
 * matches that form.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const REF = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)((?::-[^}\n]*)?)\}/g;
const VAR = /\$\$|\$\uE000([A-Za-z_][A-Za-z0-9_]*)(?::-([^\uE001]*))?\uE001/g;

/** Makes `${VAR}` references parse as plain YAML anywhere (see {@link OPEN}); run on the raw text. */
export function protectEnvRefs(text: string): string {
  return text.replace(REF, (m, name: string | undefined, def: string) =>
    m === '$$' ? m : `$${OPEN}${name}${def}${CLOSE}`,
  );
}

/** Keys ending in `_file` that name config files, not secrets. */
const NOT_SECRET_FILES = new Set(['rule_files', 'slo_files']);

/** What {@link expandConfig} returns. */
export interface Expanded {
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  /**
   * Unset variables and unreadable secret files, when the caller allowed them (`check` without
   * the deployment's secrets); otherwise they are in `issues`.
   */
  readonly missing: ConfigIssue[];
  /** Dotted fields whose value is missing for that reason; their own validation says nothing new. */
  readonly missingFields: ReadonlySet<string>;
  /** Secret files read, so a change to one can reload the config. */
  readonly files: string[];
}

/** Options of {@link expandConfig}. */
export interface ExpandOptions {
  /** Report unset variables and unreadable `*_file` secrets in `missing` instead of `issues`. */
  readonly allowMissing?: boolean;
}

/** Expands in place-free fashion: returns a new value and the issues found. */
export function expandConfig(
  value: unknown,
  loc: Locator,
  baseDir: string,
  env: Record<string, string | undefined> = process.env,
  opts: ExpandOptions = {},
): Expanded {
  const issues: ConfigIssue[] = [];
  const missing: ConfigIssue[] = [];
  const missingFields = new Set<string>();
  const lack = (path: (string | number)[], field: (string | number)[], message: string) => {
    const issue = issueAt(loc, path, message);
    if (opts.allowMissing) {
      missing.push(issue);
      missingFields.add(fieldName(field));
    } else issues.push(issue);
  };
  /** Secret files read, so a change to one can reload the config. */
  const files: string[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      return v.replace(VAR, (m, name: string | undefined, def: string | undefined) => {
        if (m === '$$') return '$';
        const got = env[name as string];
        if (got !== undefined && got !== '') return got;
        if (def !== undefined) return def;
        lack(path, path, `environment variable ${name} is not set (referenced as \${${name}})`);
        return '';
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const expanded = walk(x, [...path, k]);
        if (k.endsWith('_file') && !NOT_SECRET_FILES.has(k) && typeof expanded === 'string') {
          const target = k.slice(0, -'_file'.length);
          if (target in v) {
            issues.push(issueAt(loc, [...path, k], `set either ${target} or ${k}, not both`));
            continue;
          }
          const file = isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
          files.push(file);
          try {
            out[target] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code ?? 'error';
            lack([...path, k], [...path, target], `cannot read secret file ${expanded} (${code})`);
          }
          continue;
        }
        out[k] = expanded;
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, []), issues, missing, missingFields, files };
}
