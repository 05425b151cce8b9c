/**
 * Parses a YAML file keeping the position of every node, so each later validation error can name
 * `file:line:column`. Syntax errors are returned as issues (all of them), never thrown.
 */
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { ConfigIssue, Locator } from './issue.ts';

/** A parsed YAML file: its plain value, a locator for its paths, and syntax issues. */
export interface YamlFile {
  readonly value: unknown;
  readonly loc: Locator;
  readonly issues: ConfigIssue[];
}

/** Parses `text` (the contents of `file`). */
export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const loc: Locator = {
    file,
    locate(path) {
      let node: unknown = doc.contents;
      let best = node && isNode(node) && node.range ? at(node.range[0]) : { line: 1, column: 1 };
      for (const part of path) {
        const next = child(node, part);
        if (!next) break;
        if (next.range) best = at(next.range[0]);
        node = next.node;
      }
      return best;
    },
  };
  // The parser resynchronises badly: one stray indicator yields an error for every token after
  // it (36 lines for one `{`). Only the first syntax error is reliable, so report it and a count.
  const [first, ...rest] = doc.errors;
  const issues: ConfigIssue[] = [...(first ? [first] : []), ...doc.warnings].map((e) => {
    const { line, column } = at(e.pos[0]);
    const more = e === first && rest.length ? ` (and ${rest.length} more syntax errors after it)` : '';
    return { file, line, column, field: '', message: `YAML: ${e.message.split('\n')[0]}${more}` };
  });
  return { value: doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }), loc, issues };
}

/**
 * The child node at `part`, with the range to report: a map entry's key (an unknown or wrong field
 * is easiest to find by its name), a list item itself.
 */
function child(node: unknown, part: string | number): { node: unknown; range?: Node['range'] } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
    if (!pair) return undefined;
    const range = isNode(pair.key) ? pair.key.range : undefined;
    return range ? { node: pair.value, range } : { node: pair.value };
  }
  if (isSeq(node) && typeof part === 'number') {
    const item = node.items[part];
    if (item === undefined) return undefined;
    return isNode(item) && item.range ? { node: item, range: item.range } : { node: item };
  }
  return undefined;
}
