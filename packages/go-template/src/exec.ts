import { type FieldOwner, lookupField, methodOf } from './fields.ts';
import { formatV } from './fmt.ts';
import type {
  ChainNode,
  CommandNode,
  ControlNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';
import { TemplateError, type TreeSet } from './parse.ts';
import {
  GoFunc,
  GoMap,
  GoNilPointer,
  GoSlice,
  GoStruct,
  type GoValue,
  goTypeName,
  isTrue,
  type ParamType,
  type TemplateFunction,
} from './values.ts';

/** Go's invalid reflect.Value: no value at all (prints `<no value>`). */
export type Val = GoValue | undefined;
const MISSING = Symbol('missing');
type Final = Val | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}
const MAX_EXEC_DEPTH = 100000;

/** Builtins that get Go's special treatment (lazy and/or). */
export interface FuncEntry {
  readonly fn: TemplateFunction;
  readonly builtin: boolean;
}

const TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  string: 'string',
  float64: 'float64',
  int: 'int',
  bool: 'bool',
  sample: '*template.sample',
  queryResult: 'template.queryResult',
};

/** One execution of a template: output buffer, variables and the node being evaluated (for errors). */
export class State {
  private out = '';
  private vars: { name: string; value: Val }[] = [];
  private node: Node | null = null;
  private readonly text: string;
  private readonly trees: TreeSet;
  private readonly funcs: (name: string) => FuncEntry | undefined;
  private tmplName: string;
  private readonly parseName: string;
  private depth = 0;
  constructor(text: string, name: string, trees: TreeSet, funcs: (name: string) => FuncEntry | undefined) {
    this.text = text;
    this.tmplName = name;
    this.parseName = name;
    this.trees = trees;
    this.funcs = funcs;
  }

  /** Runs the named template with `dot` as data and returns the output. */
  async run(name: string, dot: Val): Promise<string> {
    const root = this.trees.get(name);
    if (!root) this.errorf(`no such template "${name}"`);
    this.vars = [{ name: '$', value: dot }];
    await this.walk(dot, root);
    return this.out;
  }

  errorf(msg: string): never {
    if (!this.node) {
      throw new TemplateError(`template: ${this.tmplName}: ${msg}`, this.tmplName, 1);
    }
    const pos = this.node.pos;
    const before = this.text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1));
    const context = nodeString(this.node);
    const loc = `${this.parseName}:${line}:${col}`;
    throw new TemplateError(
      `template: ${loc}: executing "${this.tmplName}" at <${context}>: ${msg}`,
      this.parseName,
      line,
      col,
    );
  }

  private at(n: Node): void {
    this.node = n;
  }

  private async walk(dot: Val, node: Node): Promise<void> {
    this.at(node);
    switch (node.kind) {
      case 'action': {
        const v = await this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.print(v);
        return;
      }
      case 'list':
        for (const n of node.nodes) await this.walk(dot, n);
        return;
      case 'text':
        this.out += node.text;
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(dot, node);
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private print(v: Val): void {
    if (v === undefined) this.out += '<no value>';
    else if (v instanceof GoStruct) this.out += formatV(v, false);
    else this.out += formatV(v);
  }

  private async walkIfOrWith(dot: Val, node: ControlNode): Promise<void> {
    const mark = this.vars.length;
    try {
      const v = await this.evalPipeline(dot, node.pipe);
      if (v !== undefined && isTrue(v)) await this.walk(node.kind === 'with' ? v : dot, node.list);
      else if (node.elseList) await this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private async walkRange(dot: Val, node: ControlNode): Promise<void> {
    const mark = this.vars.length;
    try {
      const v = await this.evalPipeline(dot, node.pipe);
      const pairs = this.rangePairs(v);
      if (pairs.length === 0) {
        if (node.elseList) await this.walk(dot, node.elseList);
        return;
      }
      for (const [k, e] of pairs) {
        const iterMark = this.vars.length;
        this.setRangeVars(node.pipe, k, e);
        try {
          await this.walk(e, node.list);
        } catch (err) {
          if (err instanceof BreakSignal) break;
          if (!(err instanceof ContinueSignal)) throw err;
        } finally {
          this.vars.length = iterMark;
        }
      }
    } finally {
      this.vars.length = mark;
    }
  }

  private rangePairs(v: Val): [GoValue, GoValue][] {
    if (v === undefined || v === null || v instanceof GoNilPointer) return [];
    if (v instanceof GoSlice) return v.items.map((e, i) => [BigInt(i), e]);
    if (v instanceof GoMap) return v.sortedKeys().map((k) => [k, v.entries.get(k) ?? null]);
    if (typeof v === 'bigint') {
      const out: [GoValue, GoValue][] = [];
      for (let i = 0n; i < v; i++) out.push([i, i]);
      return out;
    }
    return this.errorf(`range can't iterate over ${formatV(v)}`);
  }

  private setRangeVars(pipe: PipeNode, key: GoValue, elem: GoValue): void {
    const d = pipe.decl;
    if (d.length === 0) return;
    if (pipe.isAssign) {
      if (d.length > 1) {
        this.setVar(d[0]!.ident[0]!, key);
        this.setVar(d[1]!.ident[0]!, elem);
      } else {
        this.setVar(d[0]!.ident[0]!, elem);
      }
      return;
    }
    const n = this.vars.length;
    this.vars[n - 1]!.value = elem;
    if (d.length > 1) this.vars[n - 2]!.value = key;
  }

  private async walkTemplate(dot: Val, node: Extract<Node, { kind: 'template' }>): Promise<void> {
    const root = this.trees.get(node.name);
    if (!root) this.errorf(`template "${node.name}" not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = node.pipe ? await this.evalPipeline(dot, node.pipe) : undefined;
    const savedVars = this.vars;
    const savedName = this.tmplName;
    this.vars = [{ name: '$', value: newDot }];
    this.tmplName = node.name;
    this.depth++;
    try {
      await this.walk(newDot, root as ListNode);
    } finally {
      this.depth--;
      this.vars = savedVars;
      this.tmplName = savedName;
    }
  }

  private setVar(name: string, value: Val): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): Val {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i]!.name === name) return this.vars[i]!.value;
    return this.errorf(`undefined variable: ${name}`);
  }

  async evalPipeline(dot: Val, pipe: PipeNode): Promise<Val> {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = await this.evalCommand(dot, cmd, value);
      // Go unwraps an empty interface here, which turns a nil interface into no value.
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0]!, v);
      else this.vars.push({ name: d.ident[0]!, value: v });
    }
    return v;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private async evalCommand(dot: Val, cmd: CommandNode, final: Final): Promise<Val> {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    return this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    if (n.isComplex) this.errorf(`complex numbers are not supported: ${n.text}`);
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !hexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    return this.errorf(`${n.text} overflows int`);
  }

  private async evalFieldNode(dot: Val, field: FieldNode, args: Node[], final: Final): Promise<Val> {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private async evalChainNode(dot: Val, chain: ChainNode, args: Node[], final: Final): Promise<Val> {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = await this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private async evalVariableNode(dot: Val, v: VariableNode, args: Node[], final: Final): Promise<Val> {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private async evalFieldChain(
    dot: Val,
    receiver: Val,
    node: Node,
    ident: string[],
    args: Node[],
    final: Final,
  ): Promise<Val> {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = await this.evalField(dot, ident[i]!, node, [], MISSING, r);
    return this.evalField(dot, ident[ident.length - 1]!, node, args, final, r);
  }

  private async evalField(
    dot: Val,
    name: string,
    node: Node,
    args: Node[],
    final: Final,
    receiver: Val,
  ): Promise<Val> {
    if (receiver === undefined) return undefined;
    if (receiver === null) return this.errorf(`nil pointer evaluating interface {}.${name}`);
    const method = methodOf(receiver, name);
    if (method) return this.evalCall(dot, method, false, node, name, args, final);
    const hasArgs = args.length > 1 || final !== MISSING;
    const found = lookupField(receiver as FieldOwner, name);
    if (found.kind === 'field') {
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return found.value;
    }
    if (found.kind === 'key') {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      return found.value;
    }
    if (found.kind === 'nil') this.errorf(`nil pointer evaluating ${goTypeName(receiver)}.${name}`);
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private async evalFunction(
    dot: Val,
    node: IdentifierNode,
    cmd: Node,
    args: Node[],
    final: Final,
  ): Promise<Val> {
    this.at(node);
    const entry = this.funcs(node.ident);
    if (!entry) return this.errorf(`"${node.ident}" is not a defined function`);
    return this.evalCall(dot, entry.fn, entry.builtin, cmd, node.ident, args, final);
  }

  private checkArgCount(fn: TemplateFunction, name: string, given: number, numIn: number): void {
    const want = fn.params.length;
    if (fn.variadic) {
      if (numIn < want - 1)
        this.errorf(`wrong number of args for ${name}: want at least ${want - 1} got ${given}`);
    } else if (numIn !== want) {
      this.errorf(`wrong number of args for ${name}: want ${want} got ${numIn}`);
    }
  }

  async evalCall(
    dot: Val,
    fn: TemplateFunction,
    builtin: boolean,
    node: Node,
    name: string,
    argNodes: Node[],
    final: Final,
  ): Promise<Val> {
    const args = argNodes.slice(1);
    const numIn = args.length + (final === MISSING ? 0 : 1);
    this.checkArgCount(fn, name, args.length, numIn);
    if (builtin && (name === 'and' || name === 'or')) return this.andOr(dot, name, args, final);
    const typeOf = (i: number): ParamType =>
      fn.variadic && i >= fn.params.length - 1 ? fn.params[fn.params.length - 1]! : fn.params[i]!;
    const argv: GoValue[] = [];
    for (let i = 0; i < args.length; i++) argv.push(this.toArg(await this.evalArg(dot, typeOf(i), args[i]!)));
    if (final !== MISSING) argv.push(this.toArg(this.validateType(final, typeOf(args.length))));
    let result: GoValue;
    try {
      result = await fn.call(...argv);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      this.at(node);
      return this.errorf(`error calling ${name}: ${(e as Error).message}`);
    }
    return result;
  }

  private toArg(v: Val): GoValue {
    return v === undefined ? null : v;
  }

  private async andOr(dot: Val, name: string, args: Node[], final: Final): Promise<Val> {
    let v: Val;
    const all: (Node | Final)[] = [...args];
    if (final !== MISSING) all.push(final);
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      v = i < args.length ? await this.evalArg(dot, 'any', a as Node) : (a as Val);
      const t = v !== undefined && v !== null && isTrue(v);
      if ((name === 'and' && !t) || (name === 'or' && t) || i === all.length - 1) return v;
    }
    return v;
  }

  private async evalArg(dot: Val, typ: ParamType | null, n: Node): Promise<Val> {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'any' || typ === 'sample' || typ === 'queryResult') return nilOf(typ);
        return this.errorf(`cannot assign nil to ${TYPE_NAMES[typ]}`);
      case 'field':
        return this.validateType(await this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(await this.evalVariableNode(dot, n, [], MISSING), typ);
      case 'pipe':
        return this.validateType(await this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(await this.evalFunction(dot, n, n, [], MISSING), typ);
      case 'chain':
        return this.validateType(await this.evalChainNode(dot, n, [], MISSING), typ);
    }
    return this.literalArg(typ, n);
  }

  private literalArg(typ: ParamType | null, n: Node): Val {
    const found = nodeString(n);
    switch (typ) {
      case 'bool':
        return n.kind === 'bool' ? n.value : this.errorf(`expected bool; found ${found}`);
      case 'float64':
        return n.kind === 'number' && n.isFloat ? n.float : this.errorf(`expected float; found ${found}`);
      case 'int':
        return n.kind === 'number' && n.isInt ? n.int : this.errorf(`expected integer; found ${found}`);
      case 'string':
        return n.kind === 'string' ? n.text : this.errorf(`expected string; found ${found}`);
      case null:
      case 'any':
        if (n.kind === 'bool') return n.value;
        if (n.kind === 'number') return this.idealConstant(n);
        if (n.kind === 'string') return n.text;
        return this.errorf(`can't handle assignment of ${found} to empty interface argument`);
    }
    return this.errorf(`can't handle ${found} for arg of type ${TYPE_NAMES[typ]}`);
  }

  private validateType(v: Val, typ: ParamType | null): Val {
    if (v === undefined || v === null) {
      if (typ === null || typ === 'any' || typ === 'sample' || typ === 'queryResult') return nilOf(typ);
      return this.errorf(`invalid value; expected ${TYPE_NAMES[typ]}`);
    }
    if (typ === null || typ === 'any' || matches(v, typ)) return v;
    return this.errorf(`wrong type for value; expected ${TYPE_NAMES[typ]}; got ${goTypeName(v)}`);
  }
}

function nilOf(typ: ParamType | null): Val {
  if (typ === 'sample') return new GoNilPointer('*template.sample');
  if (typ === 'queryResult') return new GoSlice([], 'template.queryResult');
  return typ === null ? undefined : null;
}

function matches(v: GoValue, typ: ParamType): boolean {
  switch (typ) {
    case 'string':
      return typeof v === 'string';
    case 'float64':
      return typeof v === 'number';
    case 'int':
      return typeof v === 'bigint';
    case 'bool':
      return typeof v === 'boolean';
    case 'sample':
      return (v instanceof GoStruct || v instanceof GoNilPointer) && v.typeName === '*template.sample';
    case 'queryResult':
      return v instanceof GoSlice && v.typeName === 'template.queryResult';
    default:
      return !(v instanceof GoFunc) || true;
  }
}
