import type { Item, ItemType } from './items.ts';

/** Go's lexer space characters. */
export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\r' || c === '\n';
const ALNUM = /^[\p{L}\p{Nd}_]$/u;
/** Letters, digits and underscore, as Go's isAlphaNumeric. */
export const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && ALNUM.test(c);
/** `{{- ` at `i`: a trim marker followed by a space. */
export const hasLeftTrim = (s: string, i: number): boolean => s[i] === '-' && isSpace(s[i + 1]);
/** ` -}}` at `i`: a space then a trim marker. */
export const hasRightTrim = (s: string, i: number): boolean => isSpace(s[i]) && s[i + 1] === '-';

/** Formats a rune as Go's %#U: `U+0023 '#'`. */
export function goRune(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}

/** The lexer's cursor over the input: emitting tokens, and scanning numbers and words. */
export abstract class Scanner {
  protected readonly input: string;
  protected readonly items: Item[] = [];
  protected start = 0;
  protected pos = 0;
  protected line = 1;
  protected startLine = 1;
  protected parenDepth = 0;
  constructor(input: string) {
    this.input = input;
  }

  protected next: (() => boolean) | null = null;

  protected emit(type: ItemType, val = this.input.slice(this.start, this.pos)): void {
    this.items.push({ type, val, pos: this.start, line: this.startLine });
    this.ignore();
  }
  protected ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }
  protected error(msg: string): boolean {
    this.items.push({ type: 'error', val: msg, pos: this.start, line: this.startLine });
    return false;
  }
  protected go(fn: () => boolean): boolean {
    this.next = fn;
    return true;
  }

  protected atRightDelim(): [boolean, boolean] {
    if (hasRightTrim(this.input, this.pos) && this.input.startsWith('}}', this.pos + 2)) return [true, true];
    return [this.input.startsWith('}}', this.pos), false];
  }

  protected atTerminator(): boolean {
    const r = this.input[this.pos];
    if (r === undefined || isSpace(r) || '.,|:)('.includes(r)) return true;
    return this.input.startsWith('}}', this.pos);
  }

  protected scanAlnum(): string | undefined {
    for (;;) {
      const r = this.input.codePointAt(this.pos);
      const c = r === undefined ? undefined : String.fromCodePoint(r);
      if (!isAlphaNumeric(c)) return c;
      this.pos += c!.length;
    }
  }

  protected accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }
  protected acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  protected scanNumber(): boolean {
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
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}
