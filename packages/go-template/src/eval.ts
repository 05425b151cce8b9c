import { idealConstant, literalArg, nilOf, TYPE_NAMES, type Val, validateType } from './argTypes.ts';
import { type FieldOwner, lookupField, methodOf } from './fields.ts';
import type {
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  PipeNode,
  VariableNode,
} from './nodes.ts';
import { nodeString } from './nodes.ts';
import { TemplateError, type TreeSet } from './parse.ts';
import { type GoValue, goTypeName, isTrue, type ParamType, type TemplateFunction } from './values.ts';

export type { Val };

const MISSING = Symbol('missing');
type Final = Val | typeof MISSING;

/** A function as the evaluator finds it; builtins get Go's special treatment (lazy and/or). */
export interface FuncEntry {
  readonly fn: TemplateFunction;
  readonly builtin: boolean;
}

/** Evaluates pipelines, commands, fields and calls as Go's text/template exec does. */
export abstract class Evaluator {
  protected vars: { name: string; value: Val }[] = [];
  protected node: Node | null = null;
  protected readonly text: string;
  protected readonly trees: TreeSet;
  protected readonly funcs: (name: string) => FuncEntry | undefined;
  protected tmplName: string;
  protected readonly parseName: string;
  constructor(text: string, name: string, trees: TreeSet, funcs: (name: string) => FuncEntry | undefined) {
    this.text = text;
    this.tmplName = name;
    this.parseName = name;
    this.trees = trees;
    this.funcs = funcs;
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

  protected at(n: Node): void {
    this.node = n;
  }

  protected readonly fail = (msg: string): never => this.errorf(msg);

  protected setVar(name: string, value: Val): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  protected varValue(name: string): Val {
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
        return idealConstant(first, this.fail);
      case 'string':
        return first.text;
    }
    return this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
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
    if (final !== MISSING) argv.push(this.toArg(validateType(final, typeOf(args.length), this.fail)));
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

  protected async evalArg(dot: Val, typ: ParamType | null, n: Node): Promise<Val> {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return validateType(dot, typ, this.fail);
      case 'nil':
        if (typ === null || typ === 'any' || typ === 'sample' || typ === 'queryResult') return nilOf(typ);
        return this.errorf(`cannot assign nil to ${TYPE_NAMES[typ]}`);
      case 'field':
        return validateType(await this.evalFieldNode(dot, n, [n], MISSING), typ, this.fail);
      case 'variable':
        return validateType(await this.evalVariableNode(dot, n, [], MISSING), typ, this.fail);
      case 'pipe':
        return validateType(await this.evalPipeline(dot, n), typ, this.fail);
      case 'identifier':
        return validateType(await this.evalFunction(dot, n, n, [], MISSING), typ, this.fail);
      case 'chain':
        return validateType(await this.evalChainNode(dot, n, [], MISSING), typ, this.fail);
    }
    return literalArg(typ, n, this.fail);
  }
}
