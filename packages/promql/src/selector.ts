// Vector selectors: `name`, `name{...}`, `{...}`, `{"utf8.name", label="v"}`;
// matchers are built and checked as labels.NewMatcher does (RE2 regexps,
// anchored and dot-matches-newline), then the selector as checkAST does.
import { RE2JS } from 're2js';
import type { Token } from './lexer.ts';
import type { ParserState } from './state.ts';
import type { LabelMatcher, VectorSelector } from './types.ts';

const MATCH_OPS = new Set(['=', '!=', '=~', '!~']);

/** Parses a selector starting at an optional metric-name token. */
export function parseVectorSelector(p: ParserState, nameTok: Token | undefined): VectorSelector {
  const name = nameTok === undefined ? undefined : p.src.slice(nameTok.s, nameTok.e);
  const start = nameTok?.s ?? p.peek().s;
  let end = nameTok?.e ?? start;
  const matchers: LabelMatcher[] = [];
  if (p.is('{')) {
    p.next();
    while (!p.is('}')) {
      parseMatcher(p, matchers);
      if (p.accept(',') === undefined && !p.is('}')) p.unexpected('label matching', '"," or "}"');
    }
    end = p.next().e;
  }
  const span = { start, end };
  if (name !== undefined) {
    for (const m of matchers) {
      if (m.name === '__name__') {
        p.typeError(
          span,
          `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(m.value)}`,
        );
      }
    }
    matchers.push({ name: '__name__', op: '=', value: name });
  } else if (!matchers.some((m) => !matchesEmpty(m))) {
    p.typeError(span, 'vector selector must contain at least one non-empty matcher');
  }
  return { type: 'VectorSelector', name, matchers, valueType: 'vector', ...span };
}

function parseMatcher(p: ParserState, out: LabelMatcher[]): void {
  const first = p.peek();
  if (first.t !== 'ident' && first.t !== 'str') p.unexpected('label matching', 'identifier or "}"');
  p.next();
  const label = first.t === 'str' ? p.unquoteToken(first) : first.v;
  const op = p.peek();
  if (!MATCH_OPS.has(op.t)) {
    if (first.t === 'ident') p.unexpected('label matching', 'label matching operator');
    out.push({ name: '__name__', op: '=', value: label });
    return;
  }
  p.next();
  const valueTok = p.peek();
  if (valueTok.t !== 'str') p.unexpected('label matching', 'string');
  p.next();
  const m: LabelMatcher = { name: label, op: op.t as LabelMatcher['op'], value: p.unquoteToken(valueTok) };
  if (m.op === '=~' || m.op === '!~') {
    const err = regexError(m.value);
    if (err !== undefined) {
      p.error({ start: first.s, end: valueTok.e }, err);
      return;
    }
  }
  out.push(m);
}

const cache = new Map<string, RE2JS>();

function compile(value: string): RE2JS {
  let re = cache.get(value);
  if (re === undefined) {
    // Prometheus parses the value alone with Perl flags and dot-matches-newline
    // (FastRegexMatcher), then anchors it; matches() is a whole-string match.
    re = RE2JS.compile(value, RE2JS.DOTALL);
    if (cache.size > 1000) cache.clear();
    cache.set(value, re);
  }
  return re;
}

/** The RE2 compile error for a matcher's regexp, in Go's wording, or undefined. */
export function regexError(value: string): string | undefined {
  try {
    compile(value);
    return undefined;
  } catch (e) {
    // re2js quotes the pattern with the DOTALL flag it was given; Go quotes the value.
    const msg = (e as Error).message.replace('`(?s)', '`');
    return msg.startsWith('error parsing regexp') ? msg : `error parsing regexp: ${msg}`;
  }
}

/** Whether a matcher matches the empty label value (a selector needs one that does not). */
export function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return compile(m.value).matches('');
    case '!~':
      return !compile(m.value).matches('');
  }
}
