/**
 * The lexer of Alertmanager's UTF-8 matchers parser (matcher/parse), rewritten here: tokens,
 * positions counted in code points, and its error messages word for word, so a user sees the same
 * `0:3: ...` text from us as from amtool.
 */

/** Token kinds of the UTF-8 matchers grammar. */
export type TokenKind =
  | 'eof'
  | 'openBrace'
  | 'closeBrace'
  | 'comma'
  | 'equals'
  | 'notEquals'
  | 'matches'
  | 'notMatches'
  | 'quoted'
  | 'unquoted';

/** One token with its code-point columns. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const EOF_TOKEN: Token = { kind: 'eof', value: '', start: 0, end: 0 };

/** Go's unicode.IsSpace. */
function isSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u.test(c);
}

/** Characters that end an unquoted name or value. */
function isReserved(c: string): boolean {
  return isSpace(c) || '{}!=~,\\"\'`'.includes(c);
}

/** A lexer over the code points of one input; `peek` leaves it where it was. */
export class Lexer {
  private readonly chars: string[];
  private err: Error | undefined;
  private start = 0;
  private pos = 0;
  private width = 0;

  constructor(input: string) {
    this.chars = Array.from(input);
  }

  /** Current token span, as `start:end` columns. */
  get startCol(): number {
    return this.start;
  }
  get endCol(): number {
    return this.pos;
  }

  private text(from: number, to: number): string {
    return this.chars.slice(from, to).join('');
  }

  private next(): string | undefined {
    if (this.pos >= this.chars.length) {
      this.width = 0;
      return undefined;
    }
    this.width = 1;
    return this.chars[this.pos++];
  }

  private rewind(): void {
    this.pos -= this.width;
  }

  private emit(kind: TokenKind): Token {
    const t = { kind, value: this.text(this.start, this.pos), start: this.start, end: this.pos };
    this.start = this.pos;
    return t;
  }

  private fail(message: string): never {
    throw new Error(message);
  }

  private expectedError(expected: string): Error {
    if (this.pos >= this.chars.length)
      return new Error(`${this.start}:${this.pos}: unexpected end of input, expected one of '${expected}'`);
    return new Error(
      `${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: expected one of '${expected}'`,
    );
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== undefined && valid.includes(c)) return true;
    this.rewind();
    return false;
  }

  /** The next token; a lexing error sticks, as in Alertmanager, and is thrown again on every scan. */
  scan(): Token {
    if (this.err) throw this.err;
    try {
      return this.scanOne();
    } catch (err) {
      this.err = err as Error;
      throw err;
    }
  }

  private scanOne(): Token {
    for (let c = this.next(); c !== undefined; c = this.next()) {
      if (c === '{') return this.emit('openBrace');
      if (c === '}') return this.emit('closeBrace');
      if (c === ',') return this.emit('comma');
      if (c === '=' || c === '!') {
        this.rewind();
        return this.scanOperator();
      }
      if (c === '"') {
        this.rewind();
        return this.scanQuoted();
      }
      if (!isReserved(c)) {
        this.rewind();
        return this.scanUnquoted();
      }
      if (isSpace(c)) {
        this.start = this.pos;
        continue;
      }
      this.fail(`${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: invalid input`);
    }
    return EOF_TOKEN;
  }

  private scanOperator(): Token {
    if (this.accept('!')) {
      if (this.accept('=')) return this.emit('notEquals');
      if (this.accept('~')) return this.emit('notMatches');
      throw this.expectedError('=~');
    }
    if (this.accept('=')) return this.emit(this.accept('~') ? 'matches' : 'equals');
    throw this.expectedError('!=');
  }

  private scanQuoted(): Token {
    if (!this.accept('"')) throw this.expectedError('"');
    let escaped = false;
    for (let c = this.next(); c !== undefined; c = this.next()) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        this.rewind();
        break;
      }
    }
    if (!this.accept('"'))
      this.fail(`${this.start}:${this.pos}: ${this.text(this.start, this.pos)}: missing end "`);
    return this.emit('quoted');
  }

  private scanUnquoted(): Token {
    for (let c = this.next(); c !== undefined; c = this.next()) {
      if (isReserved(c)) {
        this.rewind();
        break;
      }
    }
    return this.emit('unquoted');
  }

  /** The next token without consuming it. */
  peek(): Token {
    const { start, pos, width } = this;
    try {
      return this.scan();
    } finally {
      this.start = start;
      this.pos = pos;
      this.width = width;
    }
  }
}
