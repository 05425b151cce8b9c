import { readFileSync } from 'node:fs';
import { fieldName, issueAt, parseYamlFile } from '@golden-signals/config-issues';
import type { FunnelSpec, FunnelSpecInput } from './funnelSpec.ts';
import { FunnelSpecError, type SpecIssue } from './specIssue.ts';
import { validateSpec } from './validateSpec.ts';

/**
 * Parses and validates a YAML funnel spec. Every problem (YAML syntax included) is collected and
 * thrown at once as a {@link FunnelSpecError} naming file, line, column and field: nothing
 * half-loads.
 */
export function parseFunnelSpec(file: string, text: string): FunnelSpec {
  const yaml = parseYamlFile(file, text);
  if (yaml.issues.length > 0) throw new FunnelSpecError(yaml.issues);
  const issues: SpecIssue[] = [];
  const spec = validateSpec(yaml.value, (path, message) => issues.push(issueAt(yaml.loc, path, message)));
  if (!spec) throw new FunnelSpecError(issues);
  return spec;
}

/** Reads and parses a YAML funnel spec file (see {@link parseFunnelSpec}). */
export function loadFunnelSpec(path: string): FunnelSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new FunnelSpecError([
      { file: path, line: 0, column: 0, field: '', message: `cannot read: ${(err as Error).message}` },
    ]);
  }
  return parseFunnelSpec(path, text);
}

/**
 * Validates a funnel spec written in TypeScript and fills in defaults; throws a
 * {@link FunnelSpecError} naming each bad field.
 *
 * ```ts
 * export default defineFunnels({
 *   funnels: [{ name: 'shop', steps: ['page_view', 'add_to_cart', 'checkout', 'purchase'] }],
 *   revenue: { checkout_route: '/checkout' },
 * });
 * ```
 */
export function defineFunnels(input: FunnelSpecInput, source = 'funnel spec'): FunnelSpec {
  const issues: SpecIssue[] = [];
  const spec = validateSpec(input, (path, message) =>
    issues.push({ file: source, line: 0, column: 0, field: fieldName(path), message }),
  );
  if (!spec) throw new FunnelSpecError(issues);
  return spec;
}
