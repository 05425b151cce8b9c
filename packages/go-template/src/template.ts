import { BUILTINS } from './builtins.ts';
import type { FuncEntry } from './eval.ts';
import { State } from './exec.ts';
import { parseTrees, TemplateError, type TreeSet } from './parse.ts';
import type { ExecuteOptions, FuncMap, ParseOptions } from './types.ts';
import type { GoValue } from './values.ts';

/** A parsed template: the text, its name and the trees {{define}} and {{block}} made. */
export interface Template {
  readonly name: string;
  readonly text: string;
  readonly trees: TreeSet;
}

function lookup(funcs: FuncMap | undefined): (name: string) => FuncEntry | undefined {
  return (name) => {
    const f = funcs && Object.hasOwn(funcs, name) ? funcs[name] : undefined;
    if (f) return { fn: f, builtin: false };
    const b = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
    return b ? { fn: b, builtin: true } : undefined;
  };
}

function asTemplateError(e: unknown, name: string): TemplateError {
  if (e instanceof TemplateError) return e;
  return new TemplateError(`template: ${name}: ${(e as Error)?.message ?? String(e)}`, name, 1);
}

/**
 * Parses Go template text as text/template's Parse does (functions must exist, variables must be
 * declared). Returns the template, or a TemplateError whose message is Go's, e.g.
 * `template: NAME:3: unexpected "}" in operand`.
 */
export function parseTemplate(text: string, options: ParseOptions): Template | TemplateError {
  const find = lookup(options.funcs);
  try {
    return { name: options.name, text, trees: parseTrees(text, options.name, (n) => find(n) !== undefined) };
  } catch (e) {
    return asTemplateError(e, options.name);
  }
}

/**
 * Executes a parsed template with `data` as dot, awaiting async functions (such as `query`).
 * Returns the output, or a TemplateError with Go's message
 * (`template: NAME:1:23: executing "NAME" at <...>: ...`).
 */
export async function execute(
  tpl: Template,
  data: GoValue,
  options: ExecuteOptions = {},
): Promise<string | TemplateError> {
  const state = new State(tpl.text, tpl.name, tpl.trees, lookup(options.funcs));
  try {
    return await state.run(tpl.name, data);
  } catch (e) {
    return asTemplateError(e, tpl.name);
  }
}
