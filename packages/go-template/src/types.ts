import type { TemplateFunction } from './values.ts';

/** Functions by name, as Go's template.FuncMap. */
export type FuncMap = Readonly<Record<string, TemplateFunction>>;

/** Options for parsing a template. */
export interface ParseOptions {
  /** The template's name: Go puts it in every error message. */
  readonly name: string;
  /** Functions the template may call besides Go's builtins (parse fails on unknown names, as in Go). */
  readonly funcs?: FuncMap;
}

/** Options for executing a parsed template. */
export interface ExecuteOptions {
  /** Functions by name; they replace the ones given at parse time with the same name. */
  readonly funcs?: FuncMap;
}
