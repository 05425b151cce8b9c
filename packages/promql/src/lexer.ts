// A tokenizer that follows the states of Prometheus' lexer (promql/parser/lex.go):
// inside `{...}` only label names, strings, matcher operators and commas exist;
// inside `[...]` only duration expressions. Lexing stops at the first error,
// which becomes an 'error' token so the parser reports it in order.

import { KEYWORDS } from './keywords.ts';

/** One token; `s`/`e` are UTF-16 offsets (end exclusive). */
export interface Token {
  readonly t: string;
  readonly v: string;
  readonly s: number;
  readonly e: number;
}

const DURATION_KEYWORDS = new Set(['step', 'range', 'max_of', 'min_of']);
const SINGLE = new Map([
  [',', ','],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['+', '+'],
  ['-', '-'],
  ['^', '^'],
  ['@', '@'],
]);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
/** Prometheus' isAlpha: ASCII letters and underscore only (unquoted UTF-8 names are off by default). */
export const isAlpha = (c: string): boolean => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c: string): boolean => isAlpha(c) || isDigit(c);

/** Tokenizes a whole expression. The last token is 'eof' or 'error' (v = message). */
export function tokenize(src: string): Token[] {
  return new Lexer(src).run();
}

class Lexer {
  private pos = 0;
  private readonly out: Token[] = [];
  private brace = false;
  private bracket = false;
  private gotColon = false;
  private gotDuration = false;
  private parens = 0;

  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  run(): Token[] {
    for (;;) {
      const err = this.step();
      if (err !== undefined) {
        this.out.push({ t: 'error', v: err, s: Math.min(this.pos, this.src.length), e: this.src.length });
        return this.out;
      }
      const last = this.out[this.out.length - 1];
      if (last?.t === 'eof') return this.out;
    }
  }

  private ch(at = this.pos): string {
    return this.src[at] ?? '';
  }

  private emit(t: string, s: number, v = this.src.slice(s, this.pos)): undefined {
    this.out.push({ t, v, s, e: this.pos });
    return undefined;
  }

  /** Lexes one token (or skips space/comment); returns an error message to stop. */
  private step(): string | undefined {
    const s = this.pos;
    const c = this.ch();
    if (c === '#') {
      while (this.pos < this.src.length && this.ch() !== '\n' && this.ch() !== '\r') this.pos++;
      return undefined;
    }
    if (c === '') return this.atEnd();
    if (isSpace(c)) {
      this.pos++;
      return undefined;
    }
    if (this.brace) return this.insideBraces(s, c);
    if (this.bracket) return this.insideBrackets(s, c);
    return this.statement(s, c);
  }

  private atEnd(): string | undefined {
    if (this.brace) return 'unexpected end of input inside braces';
    if (this.bracket) return 'unexpected end of input in duration expression';
    if (this.parens !== 0) return 'unclosed left parenthesis';
    this.emit('eof', this.pos, '');
    return undefined;
  }

  private statement(s: number, c: string): string | undefined {
    this.pos++;
    const single = SINGLE.get(c);
    if (single !== undefined) return this.emit(single, s);
    const n = this.ch();
    switch (c) {
      case '=':
        if (n === '~') return `unexpected character after '=': '~'`;
        if (n === '=') this.pos++;
        return this.emit(n === '=' ? '==' : '=', s);
      case '!':
        if (n !== '=') return `unexpected character after '!': ${quoteRune(n)}`;
        this.pos++;
        return this.emit('!=', s);
      case '<':
      case '>':
        if (n === '=' || n === '/') this.pos++;
        return this.emit(n === '=' || n === '/' ? c + n : c, s);
      case '(':
        this.parens++;
        return this.emit('(', s);
      case ')':
        this.parens--;
        if (this.parens < 0) return `unexpected right parenthesis ')'`;
        return this.emit(')', s);
      case '{':
        this.brace = true;
        return this.emit('{', s);
      case ']':
        return `unexpected right bracket ']'`;
      case '}':
        return `unexpected character: '}'`;
      case '[':
        this.bracket = true;
        this.gotColon = false;
        this.gotDuration = false;
        return this.emit('[', s);
      case '"':
      case "'":
      case '`':
        return this.string(s, c);
    }
    if (isDigit(c) || (c === '.' && isDigit(n))) {
      this.pos = s;
      return this.numberOrDuration(s);
    }
    if (isAlpha(c) || c === ':') return this.word(s);
    return `unexpected character: ${quoteRune(c)}`;
  }

  private word(s: number): string | undefined {
    while (isAlnum(this.ch()) || this.ch() === ':') this.pos++;
    const w = this.src.slice(s, this.pos);
    const lower = w.toLowerCase();
    if (lower === 'inf' || lower === 'nan') return this.emit('num', s);
    if (KEYWORDS.has(lower)) {
      // fill, fill_left and fill_right are keywords only right before '(' (lex.go).
      if (lower.startsWith('fill') && !this.followedByParen()) return this.emit('ident', s);
      this.out.push({ t: 'kw', v: lower, s, e: this.pos });
      return undefined;
    }
    return this.emit(w.includes(':') ? 'metric' : 'ident', s);
  }

  private followedByParen(): boolean {
    let i = this.pos;
    while (isSpace(this.ch(i))) i++;
    return this.ch(i) === '(';
  }

  private insideBraces(s: number, c: string): string | undefined {
    this.pos++;
    if (isAlpha(c)) {
      while (isAlnum(this.ch())) this.pos++;
      return this.emit('ident', s);
    }
    const n = this.ch();
    switch (c) {
      case ',':
        return this.emit(',', s);
      case '"':
      case "'":
      case '`':
        return this.string(s, c);
      case '=':
        if (n === '~') this.pos++;
        return this.emit(n === '~' ? '=~' : '=', s);
      case '!':
        if (n !== '~' && n !== '=') return `unexpected character after '!' inside braces: ${quoteRune(n)}`;
        this.pos++;
        return this.emit(`!${n}`, s);
      case '{':
        return `unexpected left brace '{'`;
      case '}':
        this.brace = false;
        return this.emit('}', s);
    }
    return `unexpected character inside braces: ${quoteRune(c)}`;
  }

  private insideBrackets(s: number, c: string): string | undefined {
    const n = this.ch(this.pos + 1);
    if (isDigit(c) || (c === '.' && isDigit(n))) {
      this.gotDuration = true;
      return this.numberOrDuration(s);
    }
    this.pos++;
    if (c === ']') {
      this.bracket = false;
      return this.emit(']', s);
    }
    if (c === ':') {
      if (!this.gotDuration) return 'unexpected colon before duration in duration expression';
      if (this.gotColon) return 'unexpected repeated colon in duration expression';
      this.gotColon = true;
      return this.emit(':', s);
    }
    if (c === '(') this.parens++;
    if (c === ')' && --this.parens < 0) return `unexpected right parenthesis ')'`;
    if ('+-*/%^,()'.includes(c)) return this.emit(c, s);
    if (isAlpha(c)) {
      while (isAlpha(this.ch())) this.pos++;
      const w = this.src.slice(s, this.pos).toLowerCase();
      if (DURATION_KEYWORDS.has(w)) {
        this.gotDuration = true;
        this.out.push({ t: 'kw', v: w, s, e: this.pos });
        return undefined;
      }
    }
    return `unexpected character in duration expression: ${quoteRune(c)}`;
  }

  private numberOrDuration(s: number): string | undefined {
    if (this.scanNumber()) return this.emit('num', s);
    if (this.scanDurationRest()) return this.emit('dur', s);
    return `bad number or duration syntax: ${JSON.stringify(this.src.slice(s, this.pos))}`;
  }

  private accept(valid: string): boolean {
    const c = this.ch();
    if (c !== '' && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Same acceptance as lex.go's scanNumber (decimal, hex, '.', exponent, '_'). */
  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = '0123456789abcdefABCDEF';
    }
    this.accept('.');
    this.accept(digits);
    let dot = false;
    let exp = false;
    const continuing = `${digits}._eE`;
    while (this.ch() !== '' && continuing.includes(this.ch())) {
      if (this.ch() === '.' && dot) return this.accept('.') && false;
      if ((this.ch() === 'e' || this.ch() === 'E') && exp && digits.length === 10)
        return this.accept('eE') && false;
      if (this.accept('.')) {
        dot = true;
        if (this.accept('_.') || digits.length > 10) return false;
      } else if (digits.length === 10 && this.accept('eE')) {
        exp = true;
        this.accept('+-');
        if (this.accept('._eE') || this.ch() === '') return false;
      } else if (this.accept('_')) {
        if (this.accept('._eE') || this.ch() === '') return false;
      } else {
        while (this.accept(digits));
      }
    }
    return this.pos !== initial && !isAlnum(this.ch());
  }

  private scanDurationRest(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept('0123456789')) {
      while (this.accept('0123456789'));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    if (isAlnum(this.ch())) {
      this.pos++;
      return false;
    }
    return true;
  }

  private string(s: number, q: string): string | undefined {
    for (;;) {
      const c = this.ch();
      if (c === '') return q === '`' ? 'unterminated raw string' : 'unterminated quoted string';
      this.pos++;
      if (c === q) return this.emit('str', s);
      if (q === '`') continue;
      if (c === '\n') return 'unterminated quoted string';
      if (c === '\\') {
        if (this.ch() === '') return 'escape sequence not terminated';
        this.pos++;
      }
    }
  }
}

/** Go's %q of a single character. */
export function quoteRune(c: string): string {
  if (c === '') return "'\\x00'";
  if (c === "'") return "'\\''";
  return `'${c}'`;
}
