/**
 * One problem found in a config, rule or spec file. Validations report these, all of them at once,
 * so a tool can print `file:line:column: field: message`.
 */
export interface ConfigIssue {
  readonly file: string;
  /** 1-based; 0 when the position is unknown (a spec given as an object, an unreadable file). */
  readonly line: number;
  readonly column: number;
  /** Dotted path of the field, e.g. `route.routes[0].matchers[1]`. */
  readonly field: string;
  /** What was wrong and what was expected: "expected a duration like 30s or 5m, got 'soon'". */
  readonly message: string;
}

/** Where a field sits in its file; given by the loader to each section's parser. */
export interface Locator {
  readonly file: string;
  /** Line and column of the value at `path` (or of its nearest existing parent). */
  locate(path: readonly (string | number)[]): { line: number; column: number };
}

/** Formats a path like `['route', 'routes', 0, 'matchers']` as `route.routes[0].matchers`. */
export function fieldName(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/** Builds an issue for `path` using the locator. */
export function issueAt(loc: Locator, path: readonly (string | number)[], message: string): ConfigIssue {
  const { line, column } = loc.locate(path);
  return { file: loc.file, line, column, field: fieldName(path), message };
}

/** Thrown when a file does not load; carries every issue found. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `file:line:column: field: message` (the form editors and CI annotate); `file: ...` when the line is unknown. */
export function formatIssue(i: ConfigIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.column}` : i.file;
  return `${where}: ${i.field || '(top level)'}: ${i.message}`;
}
