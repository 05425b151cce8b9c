/** The tokens of Go's text/template lexer, with the same rules for trim markers, comments and numbers. */

export type ItemType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

/** One token: its type, text, start index in the source and 1-based line. */
export interface Item {
  readonly type: ItemType;
  readonly val: string;
  readonly pos: number;
  readonly line: number;
}

/** The words the lexer reads as keywords. */
export const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'nil',
  'template',
  'with',
]);
const KEYWORD_TYPES = new Set<ItemType>([...KEYWORDS, 'dot'] as ItemType[]);

/** Whether a token is a keyword (Go prints those as `<val>` in messages). */
export function isKeyword(t: ItemType): boolean {
  return KEYWORD_TYPES.has(t);
}
