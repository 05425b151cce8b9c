import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS>();

function goBackquote(s: string): string {
  // Go's regexp quotes a pattern with backquotes when it can (no backquote or control characters).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what it checks for
  return /[`\x00-\x08\x0a-\x1f\x7f\ufeff]/.test(s) ? JSON.stringify(s) : `\`${s}\``;
}

/** Compiles an RE2 pattern; throws Error with Go's `error parsing regexp: ...` message. */
export function compile(pattern: string): RE2JS {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith('error parsing regexp') ? msg : `error parsing regexp: ${msg}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** regexp.MustCompile's panic text, which Prometheus' reReplaceAll surfaces. */
export function mustCompile(pattern: string): RE2JS {
  try {
    return compile(pattern);
  } catch (e) {
    throw new Error(`regexp: Compile(${goBackquote(pattern)}): ${(e as Error).message}`);
  }
}

interface Match {
  groups: (string | null)[];
  start: number;
  end: number;
}

function extract(t: string): { name: string; num: number; rest: string } | undefined {
  if (t.length < 2 || t[0] !== '$') return undefined;
  const brace = t[1] === '{';
  const s = t.slice(brace ? 2 : 1);
  const m = /^[\p{L}\p{Nd}_]*/u.exec(s)!;
  const name = m[0];
  if (name.length === 0) return undefined;
  let i = name.length;
  if (brace) {
    if (s[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length < 9 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: s.slice(i) };
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expand(template: string, m: Match, names: Record<string, number>): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i);
    if (t[1] === '$') {
      out += '$';
      t = t.slice(2);
      continue;
    }
    const x = extract(t);
    if (!x) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    t = x.rest;
    const idx = x.num >= 0 ? x.num : names[x.name];
    if (idx !== undefined) out += m.groups[idx] ?? '';
  }
  return out + t;
}

/** Go's Regexp.ReplaceAllString, with Go's handling of empty matches. */
export function replaceAllString(re: RE2JS, src: string, repl: string): string {
  const names = re.namedGroups();
  const matcher = re.matcher(src);
  const n = re.groupCount();
  let out = '';
  let lastEnd = 0;
  let search = 0;
  while (search <= src.length) {
    if (!matcher.find(search)) break;
    const m: Match = { start: matcher.start(), end: matcher.end(), groups: [] };
    for (let g = 0; g <= n; g++) m.groups.push(matcher.start(g) < 0 ? null : matcher.group(g));
    out += src.slice(lastEnd, m.start);
    if (m.end > lastEnd || m.start === 0) out += expand(repl, m, names);
    lastEnd = m.end;
    const cp = src.codePointAt(search);
    const width = cp === undefined ? 1 : cp > 0xffff ? 2 : 1;
    if (search + width > m.end) search += width;
    else if (search + 1 > m.end) search++;
    else search = m.end;
  }
  return out + src.slice(lastEnd);
}
