// PromQL's reserved words, grouped as Prometheus' lexer groups them (promql/parser/lex.go): the
// lexer needs them all to tell a keyword from a name, the parser's error wording needs to know
// which are binary operators and which aggregators.

/** The binary operators spelled as words. */
export const OPERATOR_WORDS: ReadonlySet<string> = new Set(['and', 'or', 'unless', 'atan2']);

/** The aggregation operators (`limitk` and `limit_ratio` are experimental). */
export const AGGREGATOR_WORDS: ReadonlySet<string> = new Set([
  'sum',
  'avg',
  'count',
  'min',
  'max',
  'group',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'count_values',
  'quantile',
  'limitk',
  'limit_ratio',
]);

/** Every word the lexer makes a keyword token of (matched case-insensitively). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  ...OPERATOR_WORDS,
  ...AGGREGATOR_WORDS,
  'offset',
  'smoothed',
  'anchored',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'fill',
  'fill_left',
  'fill_right',
  'bool',
  'start',
  'end',
  'step',
  'range',
  'max_of',
  'min_of',
]);
