/** A PromQL value type, as Prometheus' parser names them internally. */
export type ValueType = 'none' | 'scalar' | 'vector' | 'matrix' | 'string';

/** Where a node sits in the expression: UTF-16 offsets, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A label matcher as written inside `{...}`. */
export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** `@ <timestamp>`, `@ start()` or `@ end()`. */
export type AtModifier = { readonly timestamp: number } | { readonly preprocessor: 'start' | 'end' };

/** The modifiers a selector or subquery can carry. */
export interface TimeModifiers {
  offset?: DurationNode;
  at?: AtModifier;
  anchored?: boolean;
  smoothed?: boolean;
}

/** A duration: a literal in seconds, or 3.x duration arithmetic (`[5m + step()]`). */
export type DurationNode =
  | { readonly kind: 'literal'; readonly seconds: number }
  | { readonly kind: 'step' | 'range' }
  | { readonly kind: 'binary'; readonly op: string; readonly lhs: DurationNode; readonly rhs: DurationNode }
  | { readonly kind: 'unary'; readonly op: '+' | '-'; readonly expr: DurationNode }
  | { readonly kind: 'min_of' | 'max_of'; readonly lhs: DurationNode; readonly rhs: DurationNode };

interface NodeBase extends Span {
  /** What Prometheus' type checker says this node evaluates to. */
  readonly valueType: ValueType;
}

/** A number (`1`, `0x1f`, `1e3`, `Inf`, `NaN`, or a duration such as `5m` read as seconds). */
export interface NumberLiteral extends NodeBase {
  readonly type: 'NumberLiteral';
  readonly value: number;
}
/** A quoted string. */
export interface StringLiteral extends NodeBase {
  readonly type: 'StringLiteral';
  readonly value: string;
}
/** `name{matchers}`; `name` is the metric name written outside the braces, if any. */
export interface VectorSelector extends NodeBase, TimeModifiers {
  readonly type: 'VectorSelector';
  readonly name: string | undefined;
  readonly matchers: LabelMatcher[];
}
/** `selector[range]`. */
export interface MatrixSelector extends NodeBase {
  readonly type: 'MatrixSelector';
  readonly selector: VectorSelector;
  readonly range: DurationNode;
}
/** `expr[range:step]`. */
export interface SubqueryExpr extends NodeBase, TimeModifiers {
  readonly type: 'SubqueryExpr';
  readonly expr: Expr;
  readonly range: DurationNode;
  readonly step: DurationNode | undefined;
}
/** `name(args...)`. */
export interface Call extends NodeBase {
  readonly type: 'Call';
  readonly func: string;
  readonly args: Expr[];
}
/** `op by|without (labels) ([param,] expr)`. */
export interface AggregateExpr extends NodeBase {
  readonly type: 'AggregateExpr';
  readonly op: string;
  readonly param: Expr | undefined;
  readonly expr: Expr;
  readonly grouping: string[];
  readonly without: boolean;
}
/** How a binary operation between two vectors matches series. */
export interface VectorMatching {
  readonly card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  readonly on: boolean;
  readonly labels: string[];
  readonly include: string[];
}
/** `lhs op [bool] [on|ignoring(...)] [group_left|group_right(...)] rhs`. */
export interface BinaryExpr extends NodeBase {
  readonly type: 'BinaryExpr';
  readonly op: string;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Absent when either side is a scalar, as in Prometheus. */
  readonly matching: VectorMatching | undefined;
}
/** `-expr` or `+expr` (a signed number literal is folded into a NumberLiteral). */
export interface UnaryExpr extends NodeBase {
  readonly type: 'UnaryExpr';
  readonly op: '+' | '-';
  readonly expr: Expr;
}
/** `(expr)`. */
export interface ParenExpr extends NodeBase {
  readonly type: 'ParenExpr';
  readonly expr: Expr;
}
/** Duration arithmetic used as a scalar expression (`5m + 1m`). */
export interface DurationExpr extends NodeBase {
  readonly type: 'DurationExpr';
  readonly duration: DurationNode;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr
  | DurationExpr;

/** One problem found in an expression. */
export interface PromqlError extends Span {
  /** Prometheus-style message, without the position prefix. */
  readonly message: string;
  /** 1-based line within the expression. */
  readonly line: number;
  /** 1-based column within that line (UTF-16 units). */
  readonly column: number;
}

/** The result of {@link parsePromql}. */
export type ParseResult =
  | { readonly ok: true; readonly expr: Expr }
  | { readonly ok: false; readonly errors: PromqlError[]; readonly expr?: undefined };
