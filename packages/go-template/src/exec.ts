import { Evaluator, type FuncEntry, type Val } from './eval.ts';
import { formatV } from './fmt.ts';
import type { ControlNode, ListNode, Node, PipeNode } from './nodes.ts';
import { nodeString } from './nodes.ts';
import type { TreeSet } from './parse.ts';
import { GoMap, GoNilPointer, GoSlice, GoStruct, type GoValue, isTrue } from './values.ts';

class BreakSignal {}
class ContinueSignal {}
const MAX_EXEC_DEPTH = 100000;

/** One execution of a template: the output, and the actions that write it. */
export class State extends Evaluator {
  private out = '';
  private depth = 0;
  constructor(text: string, name: string, trees: TreeSet, funcs: (name: string) => FuncEntry | undefined) {
    super(text, name, trees, funcs);
  }

  /** Runs the named template with `dot` as data and returns the output. */
  async run(name: string, dot: Val): Promise<string> {
    const root = this.trees.get(name);
    if (!root) this.errorf(`no such template "${name}"`);
    this.vars = [{ name: '$', value: dot }];
    await this.walk(dot, root);
    return this.out;
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
}
