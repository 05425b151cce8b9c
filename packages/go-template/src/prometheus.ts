import { queryEscape } from './builtins.ts';
import { sprintf } from './fmt.ts';
import {
  convertToFloat,
  floatToTime,
  humanize,
  humanize1024,
  humanizeDuration,
  humanizePercentage,
  humanizeTimestamp,
  parseGoFloat,
  safeHtml,
  toDuration,
} from './humanize.ts';
import { stripDomain, stripPort } from './netutil.ts';
import { parsePromDuration } from './promDuration.ts';
import { compile, mustCompile, replaceAllString } from './regexp.ts';
import { goTitle } from './title.ts';
import type { FuncMap } from './types.ts';
import {
  compareGoStrings,
  GoMap,
  GoNilPointer,
  GoSlice,
  GoStruct,
  type GoValue,
  type ParamType,
  stringMap,
  type TemplateFunction,
} from './values.ts';

/** One sample of a query result: its labels and value. */
export interface QuerySample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Runs an instant PromQL query at the evaluation time (ms since the epoch). */
export type QueryFunction = (query: string, timeMs: number) => Promise<readonly QuerySample[]>;

/** What Prometheus' template functions need from their surroundings. */
export interface PrometheusFuncsOptions {
  /** The rule evaluation time, ms since the epoch (`now` and `query` use it). */
  readonly nowMs: number;
  /** Prometheus' --web.external-url (externalURL, pathPrefix). */
  readonly externalURL: string;
  /** Answers `query`; without it `query` fails as a query error. */
  readonly query?: QueryFunction;
}

const fn = (params: ParamType[], call: TemplateFunction['call'], variadic = false): TemplateFunction => ({
  params,
  call,
  variadic,
});

const SAMPLE = '*template.sample';

function toSample(s: QuerySample): GoStruct {
  return new GoStruct(
    new Map<string, GoValue>([
      ['Labels', stringMap(s.labels)],
      ['Value', s.value],
    ]),
    SAMPLE,
  );
}

function sampleField(s: GoValue, field: string): GoValue {
  if (s instanceof GoNilPointer || !(s instanceof GoStruct)) {
    throw new Error('runtime error: invalid memory address or nil pointer dereference');
  }
  return s.fields.get(field) ?? null;
}

function labelOf(s: GoValue, name: string): string {
  const m = sampleField(s, 'Labels');
  return m instanceof GoMap ? String(m.entries.get(name) ?? '') : '';
}

/** The path of a URL as Go's url.URL.Path has it (empty when there is none). */
function urlPath(u: string): string {
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(u) ?? /^([^?#]*)/.exec(u);
  try {
    return decodeURIComponent(m?.[1] ?? '');
  } catch {
    return m?.[1] ?? '';
  }
}

/** Prometheus' template functions (template/template.go in Prometheus 3.x), bound to one evaluation. */
export function prometheusFuncs(opts: PrometheusFuncsOptions): FuncMap {
  return {
    query: fn(['string'], async (q) => {
      if (!opts.query) throw new Error('no query function configured');
      const res = await opts.query(q as string, opts.nowMs);
      return new GoSlice(res.map(toSample), 'template.queryResult');
    }),
    first: fn(['queryResult'], (v) => {
      const items = (v as GoSlice).items;
      if (items.length === 0) throw new Error('first() called on vector with no elements');
      return items[0]!;
    }),
    label: fn(['string', 'sample'], (l, s) => labelOf(s!, l as string)),
    value: fn(['sample'], (s) => sampleField(s!, 'Value')),
    strvalue: fn(['sample'], (s) => labelOf(s!, '__value__')),
    args: fn(
      ['any'],
      (...a) => new GoMap(new Map(a.map((v, i) => [`arg${i}`, v])), 'map[string]interface {}', null),
      true,
    ),
    reReplaceAll: fn(['string', 'string', 'string'], (p, r, t) =>
      replaceAllString(mustCompile(p as string), t as string, r as string),
    ),
    safeHtml: fn(['string'], (t) => safeHtml(t as string)),
    match: fn(['string', 'string'], (p, s) =>
      compile(p as string)
        .matcher(s as string)
        .find(),
    ),
    title: fn(['string'], (s) => goTitle(s as string)),
    toUpper: fn(['string'], (s) => mapRunes(s as string, (c) => c.toUpperCase())),
    toLower: fn(['string'], (s) => mapRunes(s as string, (c) => c.toLowerCase())),
    graphLink: fn(['string'], (e) => `/graph?g0.expr=${queryEscape(e as string)}&g0.tab=0`),
    tableLink: fn(['string'], (e) => `/graph?g0.expr=${queryEscape(e as string)}&g0.tab=1`),
    sortByLabel: fn(['string', 'queryResult'], (l, v) => {
      const s = v as GoSlice;
      const sorted = [...s.items].sort((a, b) =>
        compareGoStrings(labelOf(a, l as string), labelOf(b, l as string)),
      );
      s.items.splice(0, s.items.length, ...sorted);
      return s;
    }),
    stripPort: fn(['string'], (h) => stripPort(h as string)),
    stripDomain: fn(['string'], (h) => stripDomain(h as string)),
    humanize: fn(['any'], (i) => humanize(i!)),
    humanize1024: fn(['any'], (i) => humanize1024(i!)),
    humanizeDuration: fn(['any'], (i) => humanizeDuration(i!)),
    humanizePercentage: fn(['any'], (i) => humanizePercentage(i!)),
    humanizeTimestamp: fn(['any'], (i) => humanizeTimestamp(i!)),
    toTime: fn(['any'], (i) => floatToTime(convertToFloat(i!))),
    toDuration: fn(['any'], (i) => toDuration(i!)),
    now: fn([], () => opts.nowMs / 1000),
    pathPrefix: fn([], () => urlPath(opts.externalURL)),
    externalURL: fn([], () => opts.externalURL),
    parseDuration: fn(['string'], (d) => parsePromDuration(d as string)),
    urlQueryEscape: fn(['string'], (s) => queryEscape(s as string)),
  };
}

function mapRunes(s: string, f: (c: string) => string): string {
  let out = '';
  for (const c of s) {
    const m = f(c);
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

/** The names Prometheus 2.42 does not define (added later); useful to explain promtool 2.42 differences. */
export const FUNCS_NEWER_THAN_2_42: readonly string[] = ['toDuration', 'now', 'urlQueryEscape'];

/** What Prometheus' AlertTemplateData gives the template: `.Labels .ExternalLabels .ExternalURL .Value`. */
export function alertTemplateData(
  labels: Readonly<Record<string, string>>,
  externalLabels: Readonly<Record<string, string>>,
  externalURL: string,
  value: number,
): GoStruct {
  return new GoStruct(
    new Map<string, GoValue>([
      ['Labels', stringMap(labels)],
      ['ExternalLabels', stringMap(externalLabels)],
      ['ExternalURL', externalURL],
      ['Value', value],
    ]),
    'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }',
  );
}

export { parseGoFloat, sprintf };
