/**
 * DOM building and value formatting for the status page. Every value reaches the DOM through
 * textContent (text nodes) or an attribute, never as markup, so labels are always inert text.
 */
import { formatRatio, formatValue } from '../units.ts';

/** A child of {@link el}: a node, text, or nothing. */
export type Child = Node | string | number | null | undefined;
type Attrs = Record<string, string | number | boolean | null | undefined | (() => void)>;

/** `<tag attrs>children</tag>`; `onclick` becomes a click listener, false/null/undefined attributes are left out. */
export function el(tag: string, attrs: Attrs = {}, children: readonly Child[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'onclick' && typeof v === 'function') node.addEventListener('click', v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === undefined || c === null) continue;
    node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The element with `id` (the page's HTML has every one the script uses). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** Replaces the children of `#id`. */
export function fill(id: string, nodes: readonly Node[]): void {
  byId(id).replaceChildren(...nodes);
}

/** "12 s ago", "3 min ago", "2 h 5 min ago", "4 d ago". */
export function ago(ms: number | undefined): string {
  if (!ms) return '–';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Local date and time. */
export function clock(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** A ratio as a percentage. */
export function pct(v: number): string {
  return formatRatio(v);
}

/** An amount in a currency (plain "12.00 XYZ" when the browser does not know the code). */
export function money(v: number, cur: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(v);
  } catch {
    return `${v.toFixed(2)} ${cur}`;
  }
}

/** A value in its unit (ratio, seconds, bytes, requests per second or a plain number); no value is a dash. */
export function fmt(v: number | null | undefined, unit: string): string {
  if (unit === 'rps')
    return v === null || v === undefined || !Number.isFinite(v) ? '–' : `${formatValue(v, 'number')}/s`;
  return formatValue(v, unit);
}

/** The CSS class of a severity (a pass-through severity is "other"). */
export function sevClass(s: string): string {
  return ['info', 'warning', 'critical'].indexOf(s) >= 0 ? s : 'other';
}

/** A coloured badge. */
export function badge(text: string, cls: string): HTMLElement {
  return el('span', { class: `badge ${cls}` }, [text]);
}

/** A table of `rows` under `headers`, or the `empty` note. */
export function table(
  headers: readonly string[],
  rows: readonly HTMLElement[],
  empty: string,
): HTMLElement[] {
  if (!rows.length) return [el('p', { class: 'muted' }, [empty])];
  // Narrow screens stack each row's cells; the header's words then label each cell (CSS ::before).
  for (const r of rows)
    Array.from(r.children).forEach((td, i) => {
      if (headers[i]) td.setAttribute('data-label', headers[i]);
    });
  return [
    el('table', {}, [
      el('thead', {}, [
        el(
          'tr',
          {},
          headers.map((h) => el('th', {}, [h])),
        ),
      ]),
      el('tbody', {}, rows),
    ]),
  ];
}
