import { type Item, type ItemType, isKeyword, lex } from './lex.ts';
import { TemplateError } from './templateError.ts';

/** How Go prints a token in a parse error. */
function itemString(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.val;
  if (isKeyword(i.type)) return `<${i.val}>`;
  const runes = [...i.val];
  if (runes.length > 10) return `${goQuoteShort(runes.slice(0, 10).join(''))}...`;
  return goQuoteShort(i.val);
}

function goQuoteShort(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** The parser's view of the tokens: lookahead, backing up, and Go's parse error texts. */
export abstract class TokenStream {
  protected readonly items: Item[];
  protected idx = 0;
  /** Go reports a parse error at the line of the furthest token read (its lookahead). */
  protected furthest = 0;
  protected vars: string[] = ['$'];
  protected actionLine = 0;
  protected rangeDepth = 0;
  protected depth = 0;
  protected readonly name: string;
  protected readonly hasFunction: (n: string) => boolean;
  private readonly text: string;
  constructor(text: string, name: string, hasFunction: (n: string) => boolean) {
    this.text = text;
    this.items = lex(text);
    this.name = name;
    this.hasFunction = hasFunction;
  }

  protected next(): Item {
    const it = this.items[Math.min(this.idx, this.items.length - 1)]!;
    this.idx++;
    if (this.idx > this.furthest) this.furthest = this.idx;
    return it;
  }
  protected backup(n = 1): void {
    this.idx -= n;
  }
  protected peek(): Item {
    return this.items[Math.min(this.idx, this.items.length - 1)]!;
  }
  protected nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  protected peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  protected lastLine(): number {
    return this.items[Math.min(this.furthest, this.items.length) - 1]?.line ?? 1;
  }

  errorf(msg: string, line = this.lastLine()): never {
    // Go's message names only the line; the column (of the token the parser stopped at) is for editors.
    const pos = this.items[Math.min(this.furthest, this.items.length) - 1]?.pos ?? 0;
    const lineStart = this.text.lastIndexOf('\n', pos - 1) + 1;
    const column = Buffer.byteLength(this.text.slice(lineStart, pos));
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`, this.name, line, column);
  }
  protected unexpected(t: Item, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }
  protected expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }
}
