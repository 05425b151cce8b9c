/**
 * One problem in a funnel spec, in the form the alerting package uses for its files, so editors
 * and CI annotate both alike: `file:line:column: field: message`.
 */
export interface SpecIssue {
  readonly file: string;
  /** 1-based; 0 when unknown (a spec given as a TypeScript object). */
  readonly line: number;
  readonly column: number;
  /** Dotted path of the field, e.g. `funnels[0].steps[2]`. */
  readonly field: string;
  /** What was wrong and what was expected. */
  readonly message: string;
}

/** Thrown when a funnel spec does not validate; carries every issue found. */
export class FunnelSpecError extends Error {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[]) {
    super(issues.map(formatSpecIssue).join('\n'));
    this.name = 'FunnelSpecError';
    this.issues = issues;
  }
}

/** `file:line:column: field: message`, or `file: field: message` when the line is unknown. */
export function formatSpecIssue(i: SpecIssue): string {
  const where = i.line > 0 ? `${i.file}:${i.line}:${i.column}` : i.file;
  return `${where}: ${i.field || '(top level)'}: ${i.message}`;
}

/** Formats `['funnels', 0, 'steps']` as `funnels[0].steps`. */
export function fieldName(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}
