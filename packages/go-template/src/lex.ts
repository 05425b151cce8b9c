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

const KEYWORDS = new Set([
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

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const ALNUM = /^[\p{L}\p{Nd}_]$/u;
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && ALNUM.test(c);
const hasLeftTrim = (s: string, i: number): boolean => s[i] === '-' && isSpace(s[i + 1]);
const hasRightTrim = (s: string, i: number): boolean => isSpace(s[i]) && s[i + 1] === '-';

/** Formats a rune as Go's %#U: `U+0023 '#'`. */
function goRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** Splits template source into tokens; the list ends with an `eof` or `error` token. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly input: string;
  private readonly items: Item[] = [];
  private start = 0;
  private pos = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;
  constructor(input: string) {
    this.input = input;
  }

  run(): Item[] {
    let state: (() => boolean) | null = () => this.text();
    while (state) {
      if (!state()) break;
      state = this.next;
    }
    return this.items;
  }

  private next: (() => boolean) | null = null;

  private emit(type: ItemType, val = this.input.slice(this.start, this.pos)): void {
    this.items.push({ type, val, pos: this.start, line: this.startLine });
    this.ignore();
  }
  private ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }
  private error(msg: string): boolean {
    this.items.push({ type: 'error', val: msg, pos: this.start, line: this.startLine });
    return false;
  }
  private go(fn: () => boolean): boolean {
    this.next = fn;
    return true;
  }

  private text(): boolean {
    const x = this.input.indexOf('{{', this.pos);
    if (x < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof');
      return false;
    }
    if (x > this.pos || x > this.start) {
      let end = x;
      if (hasLeftTrim(this.input, x + 2)) {
        while (end > this.start && isSpace(this.input[end - 1])) end--;
      }
      this.pos = end;
      if (end > this.start) this.emit('text');
      this.pos = x;
      this.ignore();
    }
    return this.go(() => this.leftDelim());
  }

  private leftDelim(): boolean {
    this.pos += 2;
    const trim = hasLeftTrim(this.input, this.pos);
    const after = trim ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + after)) {
      this.pos += after;
      this.ignore();
      return this.comment();
    }
    this.emit('leftDelim');
    this.pos += after;
    this.ignore();
    this.parenDepth = 0;
    return this.go(() => this.insideAction());
  }

  private atRightDelim(): [boolean, boolean] {
    if (hasRightTrim(this.input, this.pos) && this.input.startsWith('}}', this.pos + 2)) return [true, true];
    return [this.input.startsWith('}}', this.pos), false];
  }

  private comment(): boolean {
    this.pos += 2;
    const x = this.input.indexOf('*/', this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + 2;
    const [delim, trim] = this.atRightDelim();
    if (!delim) return this.error('comment ends before closing delimiter');
    this.pos += (trim ? 2 : 0) + 2;
    if (trim) while (isSpace(this.input[this.pos])) this.pos++;
    this.ignore();
    return this.go(() => this.text());
  }

  private rightDelim(): boolean {
    const [, trim] = this.atRightDelim();
    if (trim) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += 2;
    this.emit('rightDelim');
    if (trim) {
      while (isSpace(this.input[this.pos])) this.pos++;
      this.ignore();
    }
    return this.go(() => this.text());
  }

  private insideAction(): boolean {
    const [delim] = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) return this.rightDelim();
      return this.error('unclosed left paren');
    }
    if (this.pos >= this.input.length) return this.error('unclosed action');
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.pos += r.length;
    return this.actionChar(r);
  }

  private actionChar(r: string): boolean {
    const again = (): boolean => this.go(() => this.insideAction());
    if (isSpace(r)) {
      this.pos--;
      return this.space();
    }
    switch (r) {
      case '=':
        this.emit('assign');
        return again();
      case ':':
        if (this.input[this.pos++] !== '=') return this.error('expected :=');
        this.emit('declare');
        return again();
      case '|':
        this.emit('pipe');
        return again();
      case '"':
        return this.quote('"', 'string', 'unterminated quoted string');
      case "'":
        return this.quote("'", 'charConstant', 'unterminated character constant');
      case '`':
        return this.rawQuote();
      case '$':
        return this.fieldOrVariable('variable');
      case '(':
        this.parenDepth++;
        this.emit('leftParen');
        return again();
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error('unexpected right paren');
        this.emit('rightParen');
        return again();
    }
    // A '.' at the very end lexes as a number, as in Go (the parser then rejects it).
    if (r === '.' && this.pos < this.input.length && !/[0-9]/.test(this.input[this.pos]!)) {
      return this.fieldOrVariable('field');
    }
    if (r === '.' || r === '+' || r === '-' || /[0-9]/.test(r)) {
      this.pos--;
      return this.number();
    }
    if (isAlphaNumeric(r)) {
      this.pos -= r.length;
      return this.identifier();
    }
    const cp = r.codePointAt(0)!;
    if (cp < 0x80 && cp >= 0x20 && cp !== 0x7f) {
      this.emit('char');
      return again();
    }
    return this.error(`unrecognized character in action: ${goRune(r)}`);
  }

  private space(): boolean {
    let n = 0;
    while (isSpace(this.input[this.pos])) {
      this.pos++;
      n++;
    }
    if (hasRightTrim(this.input, this.pos - 1) && this.input.startsWith('}}', this.pos + 1)) {
      this.pos--;
      if (n === 1) return this.rightDelim();
    }
    this.emit('space');
    return this.go(() => this.insideAction());
  }

  private atTerminator(): boolean {
    const r = this.input[this.pos];
    if (r === undefined || isSpace(r) || '.,|:)('.includes(r)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  private scanAlnum(): string | undefined {
    for (;;) {
      const r = this.input.codePointAt(this.pos);
      const c = r === undefined ? undefined : String.fromCodePoint(r);
      if (!isAlphaNumeric(c)) return c;
      this.pos += c!.length;
    }
  }

  private identifier(): boolean {
    const r = this.scanAlnum();
    const word = this.input.slice(this.start, this.pos);
    if (!this.atTerminator()) return this.error(`bad character ${goRune(r ?? '')}`);
    if (KEYWORDS.has(word)) this.emit(word as ItemType);
    else if (word === 'true' || word === 'false') this.emit('bool');
    else this.emit('identifier');
    return this.go(() => this.insideAction());
  }

  private fieldOrVariable(type: 'field' | 'variable'): boolean {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return this.go(() => this.insideAction());
    }
    const r = this.scanAlnum();
    if (!this.atTerminator()) return this.error(`bad character ${goRune(r ?? '')}`);
    this.emit(type);
    return this.go(() => this.insideAction());
  }

  private quote(q: string, type: ItemType, msg: string): boolean {
    for (;;) {
      const c = this.input[this.pos++];
      if (c === '\\') {
        const n = this.input[this.pos++];
        if (n !== undefined && n !== '\n') continue;
        return this.error(msg);
      }
      if (c === undefined || c === '\n') return this.error(msg);
      if (c === q) break;
    }
    this.emit(type);
    return this.go(() => this.insideAction());
  }

  private rawQuote(): boolean {
    const x = this.input.indexOf('`', this.pos);
    if (x < 0) return this.error('unterminated raw quoted string');
    this.pos = x + 1;
    this.emit('rawString');
    return this.go(() => this.insideAction());
  }

  private accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }
  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    const c = this.input.codePointAt(this.pos);
    if (c !== undefined && isAlphaNumeric(String.fromCodePoint(c))) {
      this.pos += String.fromCodePoint(c).length;
      return false;
    }
    return true;
  }

  private number(): boolean {
    const bad = (): boolean => this.error(`bad number syntax: "${this.input.slice(this.start, this.pos)}"`);
    if (!this.scanNumber()) return bad();
    const sign = this.input[this.pos];
    if (sign === '+' || sign === '-') {
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') return bad();
      this.emit('complex');
    } else {
      this.emit('number');
    }
    return this.go(() => this.insideAction());
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}
