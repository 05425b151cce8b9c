// The parser's cursor over the token list and its two error lists. Prometheus
// runs its type checker only when parsing produced no error, so type errors
// are kept apart and reported only when nothing else went wrong.
import { AGGREGATOR_WORDS, OPERATOR_WORDS } from './keywords.ts';
import type { Token } from './lexer.ts';
import { unquote } from './literals.ts';
import type { Span } from './types.ts';

/** A syntax error: parsing cannot go on. */
export class SyntaxFailure extends Error {
  readonly span: Span;

  constructor(message: string, span: Span) {
    super(message);
    this.span = span;
  }
}

/** A recorded error, before line/column are computed. */
export interface RawError extends Span {
  readonly message: string;
}

const OPERATOR_TOKENS = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '</',
  '>/',
  '=',
  '=~',
  '!~',
  '@',
]);
/** Token cursor plus the errors found so far. */
export class ParserState {
  i = 0;
  readonly errors: RawError[] = [];
  readonly typeErrors: RawError[] = [];

  readonly src: string;
  readonly toks: Token[];

  constructor(src: string, toks: Token[]) {
    this.src = src;
    this.toks = toks;
  }

  peek(ahead = 0): Token {
    return this.toks[Math.min(this.i + ahead, this.toks.length - 1)] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  /** Whether the current token is `t` (and, for keywords, the word `v`). */
  is(t: string, v?: string): boolean {
    const tok = this.peek();
    return tok.t === t && (v === undefined || tok.v === v);
  }

  accept(t: string, v?: string): Token | undefined {
    return this.is(t, v) ? this.next() : undefined;
  }

  expect(t: string, context: string, expected: string): Token {
    const tok = this.accept(t);
    if (tok === undefined) this.unexpected(context, expected);
    return tok as Token;
  }

  error(span: Span, message: string): void {
    this.errors.push({ start: span.start, end: span.end, message });
  }

  typeError(span: Span, message: string): void {
    this.typeErrors.push({ start: span.start, end: span.end, message });
  }

  /** The string a 'str' token stands for; a bad escape is recorded as an error. */
  unquoteToken(tok: Token): string {
    try {
      return unquote(tok.v);
    } catch (e) {
      this.error({ start: tok.s, end: tok.e }, (e as Error).message);
      return '';
    }
  }

  /** Throws Prometheus' "unexpected <token> in <context>, expected <what>". */
  unexpected(context: string, expected: string): never {
    const tok = this.peek();
    if (tok.t === 'error') throw new SyntaxFailure(tok.v, { start: tok.s, end: tok.e });
    let msg = `unexpected ${describe(tok)}`;
    if (context !== '') msg += ` in ${context}`;
    if (expected !== '') msg += `, expected ${expected}`;
    throw new SyntaxFailure(msg, { start: tok.s, end: tok.e });
  }
}

/** Go's %q of a string (close enough for messages). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** How Prometheus' Item.desc() names a token. */
export function describe(tok: Token): string {
  switch (tok.t) {
    case 'eof':
      return 'end of input';
    case 'ident':
      return `identifier ${goQuote(tok.v)}`;
    case 'metric':
      return `metric identifier ${goQuote(tok.v)}`;
    case 'str':
      return `string ${goQuote(tok.v)}`;
    case 'num':
      return `number ${goQuote(tok.v)}`;
    case 'dur':
      return `duration ${goQuote(tok.v)}`;
    case 'kw':
      if (OPERATOR_WORDS.has(tok.v)) return `<op:${tok.v}>`;
      if (AGGREGATOR_WORDS.has(tok.v)) return `<aggr:${tok.v}>`;
      return `<${tok.v}>`;
  }
  return OPERATOR_TOKENS.has(tok.t) ? `<op:${tok.v}>` : goQuote(tok.v);
}

/** Whether a keyword is an aggregation operator. */
export function isAggregator(word: string): boolean {
  return AGGREGATOR_WORDS.has(word);
}
