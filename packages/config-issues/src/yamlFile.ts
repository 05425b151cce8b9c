/**
 * Parses a YAML file keeping the position of every node, so each later validation error can name
 * `file:line:column`. Syntax errors are returned as issues (all of them), never thrown.
 */
import {
  type Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
} from 'yaml';
import type { ConfigIssue, Locator } from './issue.ts';

/** A parsed YAML file: its plain value, a locator for its paths, and syntax issues. */
export interface YamlFile {
  readonly value: unknown;
  readonly loc: Locator;
  readonly issues: ConfigIssue[];
}

/** How a file is read. */
export interface YamlFileOptions {
  /** Resolve `<<: *anchor` merge keys (YAML 1.1, as Go's yaml.v3 does; Prometheus rule files). */
  readonly merge?: boolean;
  /**
   * Read the first document and ignore the rest, as Go's yaml decoder (and so promtool) does,
   * instead of reporting a file with several documents as an error.
   */
  readonly firstDocumentOnly?: boolean;
}

/** Parses `text` (the contents of `file`). */
export function parseYamlFile(file: string, text: string, opts: YamlFileOptions = {}): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: opts.merge ?? false,
  });
  if (opts.firstDocumentOnly) doc.errors = doc.errors.filter((e) => e.code !== 'MULTIPLE_DOCS');
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
    return { file, line, column, field: '', message: `YAML: ${yamlMessage(e.code, e.message)}${more}` };
  });
  if (doc.errors.length) return { value: undefined, loc, issues };
  const alias = unknownAlias(doc);
  if (alias) {
    const { line, column } = at(alias.offset);
    issues.push({ file, line, column, field: '', message: `YAML: ${alias.message}` });
    return { value: undefined, loc, issues };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), loc, issues };
  } catch (err) {
    // An alias bomb (more than maxAliasCount expansions) or another resolution failure.
    issues.push({ file, line: 1, column: 1, field: '', message: `YAML: ${clip((err as Error).message)}` });
    return { value: undefined, loc, issues };
  }
}

/** The library's message in our words: no hints naming its API, never more than a line. */
function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file contains more than one document: expected one';
  return clip(message.split('\n')[0] ?? '').replace(/;? ?please use YAML\.\w+\(\)/g, '');
}

/** At most ~200 characters of anything quoted from the file. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}... (${text.length} characters)` : text;
}

/**
 * The first alias whose anchor is not defined before it (the library throws on these in toJS), or
 * that sits inside its own anchor's value (a cycle: Go's yaml says "value contains itself").
 */
function unknownAlias(doc: Document): { message: string; offset: number } | undefined {
  let found: { message: string; offset: number } | undefined;
  visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      const offset = node.range?.[0] ?? 0;
      const name = clip(node.source);
      if (!target) found = { message: `unknown anchor '${name}' referenced`, offset };
      else if (path.includes(target)) found = { message: `anchor '${name}' value contains itself`, offset };
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
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
