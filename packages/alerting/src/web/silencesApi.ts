import type { IncomingMessage, ServerResponse } from 'node:http';
import { newMatcher, validateSilence } from '@golden-signals/alert-routing';
import { formatMatcher, parseMatcherList } from '../notify/matcher.ts';
import { endOf, type SilenceAccess } from '../notify/stores/silenceStore.ts';
import type { Matcher, Silence } from '../notify/types.ts';
import { parseDuration } from '../shared/duration.ts';
import { sendJson } from '../shared/httpJson.ts';
import { mayWrite, refusal } from './bearerAuth.ts';

const PREFIX = '/api/v1/silences';
/** A silence body is a few matchers and a comment; anything bigger is a mistake or an attack. */
const MAX_BODY = 64 * 1024;

/** What the silences HTTP API needs (the notifier's {@link SilenceAccess}). */
export type SilencesApiDeps = SilenceAccess;

/** A silence as the API shows it: matchers as text and a status, like Alertmanager's. */
export function silenceView(s: Silence, now: number) {
  const end = endOf(s);
  const state = end <= now ? 'expired' : s.startsAt > now ? 'pending' : 'active';
  return {
    id: s.id,
    matchers: s.matchers.map(formatMatcher),
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(end).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    status: { state },
  };
}

/** Sends a JSON answer; true, so a handler can `return send(...)`. */
export function send(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new Error(`body larger than ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

/**
 * Accepts matcher strings (Alertmanager's syntax: several in one string, braces, unquoted values)
 * and Alertmanager's `{name, value, isRegex, isEqual}` objects.
 */
export function toMatchers(m: unknown): Matcher[] | string {
  if (typeof m === 'string') return parseMatcherList(m);
  if (m && typeof m === 'object') {
    const o = m as { name?: unknown; value?: unknown; isRegex?: unknown; isEqual?: unknown };
    if (typeof o.name !== 'string' || o.name === '' || typeof o.value !== 'string')
      return 'a matcher object needs a non-empty string name and a string value';
    const neg = o.isEqual === false;
    const type = o.isRegex ? (neg ? '!~' : '=~') : neg ? '!=' : '=';
    try {
      return [newMatcher(type, o.name, o.value)];
    } catch (err) {
      return (err as Error).message;
    }
  }
  return 'expected a matcher like service_name="checkout"';
}

/** The matchers of a request body, or what was wrong with them. */
export function bodyMatchers(list: unknown): Matcher[] | string {
  if (!Array.isArray(list) || list.length === 0) return 'matchers: expected a non-empty list';
  const matchers: Matcher[] = [];
  for (const [i, raw] of list.entries()) {
    const m = toMatchers(raw);
    if (typeof m === 'string') return `matchers[${i}]: ${m}`;
    matchers.push(...m);
  }
  return matchers;
}

/** An RFC 3339 time as epoch ms, or NaN. */
function time(v: unknown): number {
  return typeof v === 'string' ? Date.parse(v) : Number.NaN;
}

/**
 * Validates a POST body into a new silence, or returns what was wrong: Alertmanager's silence
 * rules plus the strict ones (no silence of every alert, even through `alertname=~".+"`; an end
 * within 366 days and in the future).
 */
export function parseSilenceRequest(body: unknown, now: number) {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const matchers = bodyMatchers(b.matchers);
  if (typeof matchers === 'string') return matchers;
  const startsAt = b.startsAt === undefined ? now : time(b.startsAt);
  let endsAt = time(b.endsAt);
  if (b.duration !== undefined) endsAt = startsAt + (parseDuration(String(b.duration)) ?? Number.NaN);
  if (!Number.isFinite(startsAt)) return 'startsAt: expected an RFC 3339 time';
  if (!Number.isFinite(endsAt)) return 'endsAt: expected an RFC 3339 time, or duration: like 2h';
  const problems = validateSilence({ matchers, startsAt: Math.max(startsAt, now), endsAt }, { now });
  if (problems.length) return `silence: ${problems.map(explain).join('; ')}`;
  const createdBy = typeof b.createdBy === 'string' ? b.createdBy.trim() : '';
  const comment = typeof b.comment === 'string' ? b.comment.trim() : '';
  if (!createdBy) return 'createdBy: expected who is silencing';
  if (!comment) return 'comment: expected why (a ticket or a sentence)';
  return { matchers, startsAt, endsAt, createdBy: createdBy.slice(0, 200), comment: comment.slice(0, 2000) };
}

/** Alertmanager's wording, with what it means for a pager. */
function explain(problem: string): string {
  return problem.includes('empty string') ? `${problem} (a silence must not match every alert)` : problem;
}

/**
 * Who may use the silences API: reading needs the token only off loopback; changing needs it
 * whenever one is set ({@link mayWrite}).
 */
export function mayUse(req: IncomingMessage, deps: SilenceAccess): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return deps.loopback || mayWrite(req, deps);
  return mayWrite(req, deps);
}

/** A path segment decoded, or undefined when its percent-encoding is broken (`%E0%A4%A`). */
export function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * GET/POST /api/v1/silences and DELETE /api/v1/silences/:id. Returns false for other paths so
 * the engine's server can serve them. Off loopback every call needs `Authorization: Bearer`.
 */
export async function handleSilencesHttp(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: SilencesApiDeps,
): Promise<boolean> {
  if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return false;
  if (!mayUse(req, deps)) return send(res, 401, { status: 'error', error: refusal(deps) });
  const now = deps.now();
  const id = url.pathname.slice(PREFIX.length + 1);
  if (req.method === 'GET' && !id) {
    return send(res, 200, { status: 'success', data: deps.store.list(now).map((s) => silenceView(s, now)) });
  }
  if (req.method === 'POST' && !id) {
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (err) {
      return send(res, 400, { status: 'error', error: `invalid JSON body: ${(err as Error).message}` });
    }
    const parsed = parseSilenceRequest(body, now);
    if (typeof parsed === 'string') return send(res, 400, { status: 'error', error: parsed });
    const s = await deps.store.add(parsed, now);
    deps.changed();
    return send(res, 200, { status: 'success', data: { silenceID: s.id } });
  }
  if (req.method === 'DELETE' && id) {
    const decoded = decodeSegment(id);
    if (decoded === undefined)
      return send(res, 400, { status: 'error', error: 'silence id: bad percent-encoding' });
    const ok = await deps.store.expire(decoded, now);
    if (ok) deps.changed();
    return ok
      ? send(res, 200, { status: 'success' })
      : send(res, 404, { status: 'error', error: `no active silence ${id}` });
  }
  res.setHeader('allow', id ? 'DELETE' : 'GET, POST');
  return send(res, 405, { status: 'error', error: `method ${req.method} not allowed here` });
}
