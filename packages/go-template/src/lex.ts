import { type Item, type ItemType, KEYWORDS } from './items.ts';
import { goRune, hasLeftTrim, hasRightTrim, isAlphaNumeric, isSpace, Scanner } from './scanner.ts';

export { type Item, type ItemType, isKeyword } from './items.ts';

/** Splits template source into tokens; the list ends with an `eof` or `error` token. */
export function lex(input: string): Item[] {
  return new Lexer(input).run();
}

/** The lexer's states, one method each, as in Go's lexer. */
class Lexer extends Scanner {
  run(): Item[] {
    let state: (() => boolean) | null = () => this.text();
    while (state) {
      if (!state()) break;
      state = this.next;
    }
    return this.items;
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
