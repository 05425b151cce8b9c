import { readFileSync } from 'node:fs';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { FunnelSpec, FunnelSpecInput } from './funnelSpec.ts';
import { FunnelSpecError, fieldName, type SpecIssue } from './specIssue.ts';
import { validateSpec } from './validateSpec.ts';

/**
 * Parses and validates a YAML funnel spec. Every problem (YAML syntax included) is collected and
 * thrown at once as a {@link FunnelSpecError} naming file, line, column and field: nothing
 * half-loads.
 */
export function parseFunnelSpec(file: string, text: string): FunnelSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const syntax = [...doc.errors, ...doc.warnings].map(
    (e): SpecIssue => ({ file, ...pos(e.pos[0]), field: '', message: `YAML: ${e.message.split('\n')[0]}` }),
  );
  if (syntax.length > 0) throw new FunnelSpecError(syntax);

  const issues: SpecIssue[] = [];
  const spec = validateSpec(doc.toJS({ maxAliasCount: 100 }), (path, message) => {
    // The deepest node that exists on the path: for a missing field, its parent.
    let node: unknown = doc.contents;
    let offset = isNode(node) && node.range ? node.range[0] : 0;
    for (const part of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part),
        );
        // Point at the key: an unknown or wrong field is easiest to find by its name.
        if (pair && isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
        next = pair?.value;
      } else if (isSeq(node) && typeof part === 'number') {
        next = node.items[part];
        if (isNode(next) && next.range) offset = next.range[0];
      }
      if (next === undefined) break;
      node = next;
    }
    issues.push({ file, ...pos(offset), field: fieldName(path), message });
  });
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
