/**
 * Maps a position inside a rule's `expr` (line and column within the expression, as the PromQL
 * parser reports them) to the rule file's line and column, so a PromQL error points at the
 * character in the file.
 */

/** The file's lines, split once per file (a rule file can be large). */
export type Lines = readonly string[];

/**
 * `key` is where the `expr:` key sits (1-based); `line`/`column` are within the expression.
 * Plain and quoted scalars start after the colon; a block scalar (`|`, `>`) on the next line,
 * at its indentation.
 */
export function exprPosition(
  lines: Lines,
  key: { line: number; column: number },
  at: { line: number; column: number },
): { line: number; column: number } {
  const keyLine = lines[key.line - 1] ?? '';
  const colon = keyLine.indexOf(':', key.column - 1);
  if (colon < 0) return key;
  let start = colon + 1;
  while (keyLine[start] === ' ' || keyLine[start] === '\t') start++;
  const indicator = keyLine[start];
  if (indicator === '|' || indicator === '>') {
    // The block's indentation is its first content line's: later lines keep what is beyond it.
    const first = lines.slice(key.line).find((l) => l.trim() !== '') ?? '';
    const indent = first.length - first.trimStart().length;
    return { line: key.line + at.line, column: indent + at.column };
  }
  const quoted = indicator === '"' || indicator === "'" ? 1 : 0;
  if (at.line === 1) return { line: key.line, column: start + quoted + at.column };
  // A plain or quoted scalar folded over several lines: the continuation's own indentation.
  const line = key.line + at.line - 1;
  const text = lines[line - 1] ?? '';
  return { line, column: text.length - text.trimStart().length + at.column };
}
