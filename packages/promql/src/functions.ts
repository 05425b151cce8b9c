// The function list of Prometheus 3.16 (promql/parser/functions.go of v0.316.0),
// as facts: argument types, how many extra arguments the last type may repeat,
// return type, and whether 3.x gates it behind
// --enable-feature=promql-experimental-functions. NEW marks the ones Prometheus
// 2.42 does not have; REMOVED_SINCE_2_42 lists the ones 3.x dropped.
import type { ValueType } from './types.ts';

/** One PromQL function as the parser sees it. */
export interface FunctionSpec {
  /** Function name. */
  readonly name: string;
  /** Argument types, in order. */
  readonly argTypes: readonly ValueType[];
  /** 0: exactly argTypes; >0: the last type may repeat up to this many extra times; <0: unbounded. */
  readonly variadic: number;
  /** What a call returns. */
  readonly returnType: ValueType;
  /** Rejected by 3.x unless --enable-feature=promql-experimental-functions. */
  readonly experimental: boolean;
  /** Present in Prometheus 2.42. */
  readonly inPrometheus242: boolean;
}

const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const S: ValueType = 'scalar';
const STR: ValueType = 'string';
const EXPERIMENTAL = 1;
const NEW = true;

function fn(
  argTypes: ValueType[],
  returnType: ValueType,
  variadic: number,
  experimental: number,
  isNew = false,
) {
  return {
    argTypes,
    returnType,
    variadic,
    experimental: experimental === EXPERIMENTAL,
    inPrometheus242: !isNew,
  };
}

const TABLE: Record<string, ReturnType<typeof fn>> = {
  abs: fn([V], V, 0, 0),
  absent: fn([V], V, 0, 0),
  absent_over_time: fn([M], V, 0, 0),
  acos: fn([V], V, 0, 0),
  acosh: fn([V], V, 0, 0),
  asin: fn([V], V, 0, 0),
  asinh: fn([V], V, 0, 0),
  atan: fn([V], V, 0, 0),
  atanh: fn([V], V, 0, 0),
  avg_over_time: fn([M], V, 0, 0),
  ceil: fn([V], V, 0, 0),
  changes: fn([M], V, 0, 0),
  clamp: fn([V, S, S], V, 0, 0),
  clamp_max: fn([V, S], V, 0, 0),
  clamp_min: fn([V, S], V, 0, 0),
  cos: fn([V], V, 0, 0),
  cosh: fn([V], V, 0, 0),
  count_over_time: fn([M], V, 0, 0),
  days_in_month: fn([V], V, 1, 0),
  day_of_month: fn([V], V, 1, 0),
  day_of_week: fn([V], V, 1, 0),
  day_of_year: fn([V], V, 1, 0),
  deg: fn([V], V, 0, 0),
  end: fn([], S, 0, EXPERIMENTAL, NEW),
  delta: fn([M], V, 0, 0),
  deriv: fn([M], V, 0, 0),
  exp: fn([V], V, 0, 0),
  first_over_time: fn([M], V, 0, 0, NEW),
  floor: fn([V], V, 0, 0),
  histogram_avg: fn([V], V, 0, 0, NEW),
  histogram_count: fn([V], V, 0, 0),
  histogram_sum: fn([V], V, 0, 0),
  histogram_stddev: fn([V], V, 0, 0, NEW),
  histogram_stdvar: fn([V], V, 0, 0, NEW),
  histogram_fraction: fn([S, S, V], V, 0, 0),
  histogram_quantile: fn([S, V], V, 0, 0),
  histogram_quantiles: fn([V, STR, S, S], V, 9, EXPERIMENTAL, NEW),
  double_exponential_smoothing: fn([M, S, S], V, 0, EXPERIMENTAL, NEW),
  hour: fn([V], V, 1, 0),
  idelta: fn([M], V, 0, 0),
  increase: fn([M], V, 0, 0),
  info: fn([V, V], V, 1, EXPERIMENTAL, NEW),
  integral: fn([M, S], V, 1, EXPERIMENTAL, NEW),
  irate: fn([M], V, 0, 0),
  label_replace: fn([V, STR, STR, STR, STR], V, 0, 0),
  label_join: fn([V, STR, STR, STR], V, -1, 0),
  max_of: fn([S, S], S, 0, EXPERIMENTAL, NEW),
  last_over_time: fn([M], V, 0, 0),
  min_of: fn([S, S], S, 0, EXPERIMENTAL, NEW),
  ln: fn([V], V, 0, 0),
  log10: fn([V], V, 0, 0),
  log2: fn([V], V, 0, 0),
  mad_over_time: fn([M], V, 0, EXPERIMENTAL, NEW),
  max_over_time: fn([M], V, 0, 0),
  min_over_time: fn([M], V, 0, 0),
  ts_of_first_over_time: fn([M], V, 0, EXPERIMENTAL, NEW),
  ts_of_max_over_time: fn([M], V, 0, EXPERIMENTAL, NEW),
  ts_of_min_over_time: fn([M], V, 0, EXPERIMENTAL, NEW),
  ts_of_last_over_time: fn([M], V, 0, EXPERIMENTAL, NEW),
  minute: fn([V], V, 1, 0),
  month: fn([V], V, 1, 0),
  pi: fn([], S, 0, 0),
  predict_linear: fn([M, S], V, 0, 0),
  present_over_time: fn([M], V, 0, 0),
  quantile_over_time: fn([S, M], V, 0, 0),
  rad: fn([V], V, 0, 0),
  range: fn([], S, 0, EXPERIMENTAL, NEW),
  rate: fn([M], V, 0, 0),
  resets: fn([M], V, 0, 0),
  round: fn([V, S], V, 1, 0),
  scalar: fn([V], S, 0, 0),
  sgn: fn([V], V, 0, 0),
  sin: fn([V], V, 0, 0),
  sinh: fn([V], V, 0, 0),
  sort: fn([V], V, 0, 0),
  sort_desc: fn([V], V, 0, 0),
  sort_by_label: fn([V, STR], V, -1, EXPERIMENTAL, NEW),
  sort_by_label_desc: fn([V, STR], V, -1, EXPERIMENTAL, NEW),
  sqrt: fn([V], V, 0, 0),
  start: fn([], S, 0, EXPERIMENTAL, NEW),
  start_timestamp: fn([V], V, 0, EXPERIMENTAL, NEW),
  step: fn([], S, 0, EXPERIMENTAL, NEW),
  stddev_over_time: fn([M], V, 0, 0),
  stdvar_over_time: fn([M], V, 0, 0),
  sum_over_time: fn([M], V, 0, 0),
  tan: fn([V], V, 0, 0),
  tanh: fn([V], V, 0, 0),
  time: fn([], S, 0, 0),
  timestamp: fn([V], V, 0, 0),
  vector: fn([S], V, 0, 0),
  year: fn([V], V, 1, 0),
};

/** Functions that Prometheus 2.42 has and 3.x does not. */
export const REMOVED_SINCE_2_42: readonly string[] = ['holt_winters'];

/** Every function Prometheus 3.16 knows, by name (experimental ones included, flagged). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  Object.entries(TABLE).map(([name, f]) => [name, { name, ...f }]),
);
