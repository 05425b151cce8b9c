export * from './alertTemplate.ts';
export { htmlEscape, queryEscape } from './builtins.ts';
export { formatFloat } from './floatFormat.ts';
export { sprint, sprintf, sprintln } from './fmt.ts';
export { TemplateError } from './parse.ts';
export * from './prometheus.ts';
export * from './template.ts';
export * from './types.ts';
export * from './values.ts';
