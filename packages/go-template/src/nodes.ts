/** The parse tree of a Go template; `toString` gives the text Go's nodes print in error messages. */

/** Any node of the tree. */
export type Node =
  | ListNode
  | TextNode
  | ActionNode
  | ControlNode
  | BreakNode
  | ContinueNode
  | TemplateNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | FieldNode
  | ChainNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode;

/** A sequence of nodes. */
export interface ListNode {
  kind: 'list';
  pos: number;
  nodes: Node[];
}
/** Plain text, copied to the output. */
export interface TextNode {
  kind: 'text';
  pos: number;
  text: string;
}
/** `{{pipeline}}`: evaluated, and printed unless it declares variables. */
export interface ActionNode {
  kind: 'action';
  pos: number;
  line: number;
  pipe: PipeNode;
}
/** `{{if}}`, `{{range}}` or `{{with}}`, with an optional else branch. */
export interface ControlNode {
  kind: 'if' | 'range' | 'with';
  pos: number;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
/** `{{break}}`. */
export interface BreakNode {
  kind: 'break';
  pos: number;
}
/** `{{continue}}`. */
export interface ContinueNode {
  kind: 'continue';
  pos: number;
}
/** `{{template "name" pipeline}}` (also what `{{block}}` leaves in place). */
export interface TemplateNode {
  kind: 'template';
  pos: number;
  line: number;
  name: string;
  pipe: PipeNode | null;
}
/** A pipeline, with its variable declarations. */
export interface PipeNode {
  kind: 'pipe';
  pos: number;
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
/** One command of a pipeline: an operand and its arguments. */
export interface CommandNode {
  kind: 'command';
  pos: number;
  args: Node[];
}
/** A function name. */
export interface IdentifierNode {
  kind: 'identifier';
  pos: number;
  ident: string;
}
/** A variable, possibly followed by fields: `$x.a.b`. */
export interface VariableNode {
  kind: 'variable';
  pos: number;
  ident: string[];
}
/** A field chain on dot: `.a.b`. */
export interface FieldNode {
  kind: 'field';
  pos: number;
  ident: string[];
}
/** Fields after a parenthesized pipeline: `(pipe).a`. */
export interface ChainNode {
  kind: 'chain';
  pos: number;
  node: Node;
  field: string[];
}
/** `.` */
export interface DotNode {
  kind: 'dot';
  pos: number;
}
/** `nil` */
export interface NilNode {
  kind: 'nil';
  pos: number;
}
/** `true` or `false`. */
export interface BoolNode {
  kind: 'bool';
  pos: number;
  value: boolean;
}
/** A number or character literal, with the readings Go keeps. */
export interface NumberNode {
  kind: 'number';
  pos: number;
  text: string;
  isInt: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int: bigint;
  float: number;
}
/** A quoted or raw string literal. */
export interface StringNode {
  kind: 'string';
  pos: number;
  quoted: string;
  text: string;
}
/** `{{end}}` (only while parsing). */
export interface EndNode {
  kind: 'end';
  pos: number;
}
/** `{{else}}` (only while parsing). */
export interface ElseNode {
  kind: 'else';
  pos: number;
  line: number;
}

/** The source form Go's Node.String() gives. */
export function nodeString(n: Node): string {
  switch (n.kind) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return JSON.stringify(n.text);
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList ? `{{else}}${nodeString(n.elseList)}` : '';
      return `{{${n.kind} ${nodeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'template':
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ` ${nodeString(n.pipe)}` : ''}}}`;
    case 'pipe': {
      const decl = n.decl.length ? `${n.decl.map(nodeString).join(', ')} ${n.isAssign ? '=' : ':='} ` : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.kind === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'identifier':
      return n.ident;
    case 'variable':
      return n.ident.join('.');
    case 'field':
      return `.${n.ident.join('.')}`;
    case 'chain': {
      const base = n.node.kind === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return `${base}.${n.field.join('.')}`;
    }
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'end':
      return '{{end}}';
    case 'else':
      return '{{else}}';
  }
}
