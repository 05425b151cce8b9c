/**
 * The subset of Prometheus' Go templates that alert annotations use: `{{ $value }}`,
 * `{{ $labels.x }}` (and `.Value`, `.Labels.x`), pipelines into `humanize`, `humanize1024`,
 * `humanizePercentage`, `humanizeDuration`, `printf`, `toUpper`, `toLower`, `title`. Compiled once
 * at load (so a typo fails `check`), rendered per alert.
 */
import { formatNumber } from './formatNumber.ts';

/** Data available to a template. */
export interface TemplateData {
  readonly value: number;
  readonly labels: Readonly<Record<string, string>>;
}

type Term =
  | { kind: 'value' }
  | { kind: 'label'; name: string }
  | { kind: 'labels' }
  | { kind: 'lit'; v: string };
interface Command {
  readonly fn?: string;
  readonly args: Term[];
}
type Part = string | Command[];

/** A compiled template. */
export interface Template {
  render(data: TemplateData): string;
}

type Fn = (...args: unknown[]) => string;

const FUNCS: Record<string, Fn> = {
  humanize: (v) =>
    humanize(Number(v), 1000, ['', 'k', 'M', 'G', 'T', 'P', 'E'], ['', 'm', 'u', 'n', 'p', 'f']),
  humanize1024: (v) => humanize(Number(v), 1024, ['', 'ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'], []),
  humanizePercentage: (v) => `${formatNumber(Number(v) * 100)}%`,
  humanizeDuration: (v) => humanizeDuration(Number(v)),
  toUpper: (v) => String(v).toUpperCase(),
  toLower: (v) => String(v).toLowerCase(),
  title: (v) => String(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  printf: (fmt, ...rest) => printf(String(fmt), rest),
};

/** Compiles `text`; throws an Error with a message naming what is unsupported. */
export function compileTemplate(text: string): Template {
  const parts: Part[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      parts.push(text.slice(i));
      break;
    }
    let lit = text.slice(i, open);
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new Error(`unclosed action at offset ${open}: expected '}}'`);
    let body = text.slice(open + 2, close);
    if (body.startsWith('-')) {
      lit = lit.trimEnd();
      body = body.slice(1);
    }
    let next = close + 2;
    if (body.endsWith('-')) {
      body = body.slice(0, -1);
      while (next < text.length && /\s/.test(text[next] as string)) next++;
    }
    if (lit) parts.push(lit);
    parts.push(parsePipeline(body.trim()));
    i = next;
  }
  return { render: (data) => parts.map((p) => (typeof p === 'string' ? p : run(p, data))).join('') };
}

function parsePipeline(body: string): Command[] {
  if (!body) throw new Error('empty action {{ }}');
  if (/^(if|range|with|define|template|block|else|end)\b/.test(body)) {
    throw new Error(`unsupported action '${body.split(/\s/)[0]}': only values, labels and functions`);
  }
  return splitOutside(body, '|').map((cmd) => {
    const tokens = tokenize(cmd.trim());
    const [head, ...rest] = tokens;
    if (head === undefined) throw new Error(`empty command in '${body}'`);
    if (/^[A-Za-z]\w*$/.test(head)) {
      if (!(head in FUNCS)) throw new Error(`unknown function '${head}'`);
      return { fn: head, args: rest.map(term) };
    }
    if (rest.length) throw new Error(`unexpected '${rest.join(' ')}' after ${head}`);
    return { args: [term(head)] };
  });
}

function term(tok: string): Term {
  if (tok === '$value' || tok === '.Value') return { kind: 'value' };
  if (tok === '$labels' || tok === '.Labels') return { kind: 'labels' };
  const label = /^(?:\$labels|\.Labels)\.(\w+)$/.exec(tok);
  if (label) return { kind: 'label', name: label[1] as string };
  if (/^"(?:[^"\\]|\\.)*"$/.test(tok)) return { kind: 'lit', v: JSON.parse(tok) as string };
  if (/^`[^`]*`$/.test(tok)) return { kind: 'lit', v: tok.slice(1, -1) };
  if (/^-?\d+(\.\d+)?$/.test(tok)) return { kind: 'lit', v: tok };
  throw new Error(`unknown term '${tok}': expected $value, $labels.name, a string or a number`);
}

function tokenize(s: string): string[] {
  return s.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? [];
}

function splitOutside(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === sep) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function evalTerm(t: Term, data: TemplateData): unknown {
  switch (t.kind) {
    case 'value':
      return data.value;
    case 'labels':
      return data.labels;
    case 'label':
      return data.labels[t.name] ?? '';
    case 'lit':
      return t.v;
  }
}

function run(cmds: Command[], data: TemplateData): string {
  let piped: unknown;
  let first = true;
  for (const c of cmds) {
    const args = c.args.map((a) => evalTerm(a, data));
    if (!first) args.push(piped);
    piped = c.fn ? (FUNCS[c.fn] as Fn)(...args) : args[0];
    first = false;
  }
  return typeof piped === 'number' ? String(piped) : show(piped);
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    return `map[${Object.entries(v)
      .map(([k, x]) => `${k}:${x}`)
      .join(' ')}]`;
  }
  return String(v);
}

function humanize(v: number, base: number, big: string[], small: string[]): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v);
  let i = 0;
  let x = v;
  if (Math.abs(x) >= 1) {
    while (Math.abs(x) >= base && i < big.length - 1) {
      x /= base;
      i++;
    }
    return `${formatNumber(x)}${big[i]}`;
  }
  while (Math.abs(x) < 1 && i < small.length - 1) {
    x *= base;
    i++;
  }
  return `${formatNumber(x)}${small[i] ?? ''}`;
}

/** Prometheus' humanizeDuration: seconds as `1d 2h 3m 4s`, or `%.4gs`/ms/us under a minute. */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return formatNumber(seconds);
  const sign = seconds < 0 ? '-' : '';
  const v = Math.abs(seconds);
  if (v === 0) return '0s';
  if (v < 1) {
    if (v >= 1e-3) return `${sign}${formatNumber(v * 1e3)}ms`;
    if (v >= 1e-6) return `${sign}${formatNumber(v * 1e6)}us`;
    return `${sign}${formatNumber(v * 1e9)}ns`;
  }
  if (v < 60) return `${sign}${formatNumber(v)}s`;
  const d = Math.floor(v / 86400);
  const h = Math.floor((v % 86400) / 3600);
  const m = Math.floor((v % 3600) / 60);
  const s = Math.floor(v % 60);
  const parts = d
    ? [`${d}d`, `${h}h`, `${m}m`, `${s}s`]
    : h
      ? [`${h}h`, `${m}m`, `${s}s`]
      : [`${m}m`, `${s}s`];
  return sign + parts.join(' ');
}

function printf(fmt: string, args: unknown[]): string {
  let i = 0;
  return fmt.replace(/%(\.(\d+))?([sdfvg%])/g, (_m, _p, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    switch (verb) {
      case 'd':
        return String(Math.trunc(Number(a)));
      case 'f':
        return Number(a).toFixed(prec === undefined ? 6 : Number(prec));
      case 'g':
        return formatNumber(Number(a), prec === undefined ? 17 : Number(prec));
      default:
        return show(a);
    }
  });
}
