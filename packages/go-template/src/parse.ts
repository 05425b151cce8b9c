import { type Item, type ItemType, isKeyword, lex } from './lex.ts';
import { parseNumber, unquote } from './literals.ts';
import type {
  CommandNode,
  ControlNode,
  ElseNode,
  EndNode,
  ListNode,
  Node,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';

/** A parse or execution error, with Go's own message text in `message`. */
export class TemplateError extends Error {
  /** The template name the error is reported under. */
  readonly templateName: string;
  /** 1-based line of the error in the template text. */
  readonly line: number;
  /** 0-based byte column as Go counts it (execution errors only; parse errors report lines only). */
  readonly column: number | undefined;
  constructor(message: string, templateName: string, line: number, column?: number) {
    super(message);
    this.name = 'TemplateError';
    this.templateName = templateName;
    this.line = line;
    this.column = column;
  }
}

/** Parsed templates by name: the main one plus those made by {{define}} and {{block}}. */
export type TreeSet = Map<string, ListNode>;

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

const MAX_DEPTH = 10000;

/** Parses template text into its trees; throws TemplateError with Go's message. */
export function parseTrees(text: string, name: string, hasFunction: (n: string) => boolean): TreeSet {
  const p = new Parser(text, name, hasFunction);
  p.parse();
  return p.trees;
}

class Parser {
  readonly trees: TreeSet = new Map();
  private readonly items: Item[];
  private idx = 0;
  /** Go reports a parse error at the line of the furthest token read (its lookahead). */
  private furthest = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private depth = 0;
  private readonly name: string;
  private readonly hasFunction: (n: string) => boolean;
  constructor(text: string, name: string, hasFunction: (n: string) => boolean) {
    this.items = lex(text);
    this.name = name;
    this.hasFunction = hasFunction;
  }

  private next(): Item {
    const it = this.items[Math.min(this.idx, this.items.length - 1)]!;
    this.idx++;
    if (this.idx > this.furthest) this.furthest = this.idx;
    return it;
  }
  private backup(n = 1): void {
    this.idx -= n;
  }
  private peek(): Item {
    return this.items[Math.min(this.idx, this.items.length - 1)]!;
  }
  private nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  private lastLine(): number {
    return this.items[Math.min(this.furthest, this.items.length) - 1]?.line ?? 1;
  }

  errorf(msg: string, line = this.lastLine()): never {
    throw new TemplateError(`template: ${this.name}:${line}: ${msg}`, this.name, line);
  }
  private unexpected(t: Item, context: string): never {
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
  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  parse(): void {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.idx;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.idx = save;
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.addTree(this.name, root);
  }

  private addTree(name: string, root: ListNode): void {
    const old = this.trees.get(name);
    if (!old || isEmptyTree(old)) {
      this.trees.set(name, root);
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const t = this.nextNonSpace();
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    const name = this.unquoteOrFail(t.val);
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addTree(name, list);
  }

  private unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private itemList(): [ListNode, EndNode | ElseNode] {
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { kind: 'text', pos: t.pos, text: t.val };
    if (t.type === 'leftDelim') {
      this.actionLine = t.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    return this.unexpected(t, 'input');
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.loopControl(t);
      case 'else':
        return this.elseControl();
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type);
      case 'template':
        return this.templateControl();
    }
    this.backup();
    const first = this.peek();
    return { kind: 'action', pos: first.pos, line: first.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(t: Item): Node {
    const next = this.nextNonSpace();
    if (next.type !== 'rightDelim') this.unexpected(next, `{{${t.type}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${t.type}}} outside {{range}}`);
    return { kind: t.type as 'break' | 'continue', pos: t.pos };
  }

  private elseControl(): ElseNode {
    const peek = this.peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos, line: peek.line };
    const t = this.expect('rightDelim', 'else');
    return { kind: 'else', pos: t.pos, line: t.line };
  }

  private control(context: 'if' | 'range' | 'with'): ControlNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.kind === 'else') {
      if ((context === 'if' || context === 'with') && this.peek().type === context) {
        this.next();
        elseList = { kind: 'list', pos: next.pos, nodes: [this.control(context)] };
      } else {
        const [l, end] = this.itemList();
        if (end.kind !== 'end') this.errorf(`expected end; found ${nodeString(end)}`);
        elseList = l;
      }
    }
    this.vars.length = mark;
    return { kind: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
  }

  private templateName(t: Item, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return this.unquoteOrFail(t.val);
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.kind !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.addTree(name, list);
    return { kind: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', pos: t.pos, line: t.line, name, pipe };
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') return;
      const save = this.idx;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      const decl: VariableNode = { kind: 'variable', pos: v.pos, ident: v.val.split('.') };
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.nextNonSpace();
        pipe.decl.push(decl);
        this.vars.push(v.val);
        return;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(decl);
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().type;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: put the variable (and the space after it) back.
      this.idx = save;
      return;
    }
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe: PipeNode = {
      kind: 'pipe',
      pos: first.pos,
      line: first.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    this.declarations(pipe, context);
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const k = c.args[0]!.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    const node = this.term();
    if (!node || this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(...this.next().val.slice(1).split('.'));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { kind: 'chain', pos, node, field: fields };
    }
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunction(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, ident: t.val };
      case 'dot':
        return { kind: 'dot', pos: t.pos };
      case 'nil':
        return { kind: 'nil', pos: t.pos };
      case 'variable': {
        const ident = t.val.split('.');
        if (!this.vars.includes(ident[0]!)) this.errorf(`undefined variable ${JSON.stringify(ident[0])}`);
        return { kind: 'variable', pos: t.pos, ident };
      }
      case 'field':
        return { kind: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case 'bool':
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.number(t);
      case 'leftParen': {
        if (this.depth >= MAX_DEPTH) this.errorf('max expression depth exceeded');
        this.depth++;
        try {
          return this.pipeline('parenthesized pipeline', 'rightParen');
        } finally {
          this.depth--;
        }
      }
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: t.pos, quoted: t.val, text: this.unquoteOrFail(t.val) };
    }
    this.backup();
    return null;
  }

  private number(t: Item): Node {
    try {
      const v = parseNumber(t.val, t.type === 'charConstant', t.type === 'complex');
      return { kind: 'number', pos: t.pos, text: t.val, ...v };
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }
}

function isEmptyTree(n: Node): boolean {
  switch (n.kind) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim().length === 0;
    default:
      return false;
  }
}
