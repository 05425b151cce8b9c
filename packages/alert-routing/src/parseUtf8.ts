import { goUnquote } from './goString.ts';
import { type Matcher, MatcherError, type MatchType, newMatcher } from './matcher.ts';
import { Lexer, type Token, type TokenKind } from './utf8Lexer.ts';

/**
 * Alertmanager's current matchers grammar (matcher/parse): an optional `{...}`, comma-separated
 * matchers, names and values either double-quoted (Go escapes) or unquoted UTF-8 without reserved
 * characters. Error messages are Alertmanager's, with code-point columns.
 */

const EOF_ERR = 'end of input';
const OPERATORS: Partial<Record<TokenKind, MatchType>> = {
  equals: '=',
  notEquals: '!=',
  matches: '=~',
  notMatches: '!~',
};

class Stop extends Error {}

class Parser {
  readonly matchers: Matcher[] = [];
  private hasOpenBrace = false;
  private readonly l: Lexer;
  constructor(l: Lexer) {
    this.l = l;
  }

  /** The next token if it is one of `kinds`; throws Alertmanager's `unexpected` or end-of-input error. */
  private expectPeek(...kinds: TokenKind[]): Token {
    const t = this.l.peek();
    if (t.kind === 'eof') throw new Stop(EOF_ERR);
    if (!kinds.includes(t.kind)) throw new Error(`${t.start}:${t.end}: unexpected ${t.value}`);
    return t;
  }

  private expect(...kinds: TokenKind[]): Token {
    const t = this.expectPeek(...kinds);
    this.l.scan();
    return t;
  }

  /** Runs `step`, adding Alertmanager's context to any error; `onEof` decides what end of input means. */
  private guard<T>(step: () => T, context: string, onEof?: () => T): T {
    try {
      return step();
    } catch (err) {
      if (err instanceof Stop && onEof) return onEof();
      if (err instanceof MatcherError) throw err;
      throw new MatcherError(`${(err as Error).message}: ${context}`);
    }
  }

  parse(): Matcher[] {
    const first = this.safePeek();
    if (first === 'eof') return this.parseEOF();
    if (first.kind === 'openBrace') {
      this.hasOpenBrace = true;
      this.l.scan();
    }
    // Checked with or without an open brace, so a lone `}` says "expected opening brace".
    const second = this.safePeek();
    if (second === 'eof' || second.kind === 'closeBrace') return this.closeBrace();
    return this.matcherLoop();
  }

  /** A peek that reports end of input as 'eof' and lexing errors unchanged. */
  private safePeek(): Token | 'eof' {
    const t = this.l.peek();
    return t.kind === 'eof' ? 'eof' : t;
  }

  private matcherLoop(): Matcher[] {
    for (;;) {
      this.parseMatcher();
      const end = this.guard<Token | undefined>(
        () => this.expectPeek('comma', 'closeBrace'),
        'expected a comma or close brace',
        () => undefined,
      );
      if (!end || end.kind === 'closeBrace') return this.closeBrace();
      this.guard(() => this.expect('comma'), 'expected a comma');
      const after = this.guard<Token | undefined>(
        () => this.expectPeek('closeBrace', 'unquoted', 'quoted'),
        'expected a matcher or close brace after comma',
        () => undefined,
      );
      if (!after || after.kind === 'closeBrace') return this.closeBrace();
    }
  }

  private unquote(t: Token): string {
    if (t.kind !== 'quoted') return t.value;
    const v = goUnquote(t.value);
    if (v === undefined) throw new MatcherError(`${t.start}:${t.end}: ${t.value}: invalid input`);
    return v;
  }

  private parseMatcher(): void {
    const nameTok = this.guard(() => this.expect('quoted', 'unquoted'), 'expected label name');
    const name = this.unquote(nameTok);
    const opTok = this.guard(
      () => this.expect('equals', 'notEquals', 'matches', 'notMatches'),
      "expected an operator such as '=', '!=', '=~' or '!~'",
    );
    const valueTok = this.guard(() => this.expect('unquoted', 'quoted'), 'expected label value');
    const value = this.unquote(valueTok);
    try {
      this.matchers.push(newMatcher(OPERATORS[opTok.kind] as MatchType, name, value));
    } catch (err) {
      throw new MatcherError(`failed to create matcher: ${(err as Error).message}`);
    }
  }

  private closeBrace(): Matcher[] {
    if (this.hasOpenBrace) {
      try {
        this.expect('closeBrace');
      } catch (err) {
        throw new MatcherError(`0:${this.l.endCol}: ${(err as Error).message}: expected close brace`);
      }
    } else {
      let closed = false;
      try {
        this.expect('closeBrace');
        closed = true;
      } catch {
        // Not a brace: what follows is checked as end of input.
      }
      if (closed) throw new MatcherError(`0:${this.l.endCol}: }: expected opening brace`);
    }
    return this.parseEOF();
  }

  private parseEOF(): Matcher[] {
    let t: Token;
    try {
      t = this.l.scan();
    } catch (err) {
      throw new MatcherError(`${(err as Error).message}: expected end of input`);
    }
    if (t.kind !== 'eof') throw new MatcherError(`${t.start}:${t.end}: ${t.value}: expected end of input`);
    return this.matchers;
  }
}

/**
 * Parses matchers with Alertmanager's UTF-8 parser (`{a="b", c=~"x"}`, `a=b,c!=d`, quoted names).
 * Throws {@link MatcherError} with Alertmanager's message, e.g. `0:3: unexpected end of input ...`.
 */
export function parseUtf8Matchers(input: string): Matcher[] {
  const p = new Parser(new Lexer(input));
  try {
    return p.parse();
  } catch (err) {
    if (err instanceof MatcherError) throw err;
    throw new MatcherError((err as Error).message);
  }
}
