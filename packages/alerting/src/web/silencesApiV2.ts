/**
 * Alertmanager's v2 silences API (`api/v2/openapi.yaml`), so `amtool silence add|query|expire`
 * and other Alertmanager clients work against the service: GET/POST /api/v2/silences,
 * GET/DELETE /api/v2/silence/{id}. Same store, rules and guards as /api/v1/silences.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchesAll } from '@golden-signals/alert-routing';
import { parseMatcherList } from '../notify/matcher.ts';
import { endOf, type SilenceAccess } from '../notify/stores/silenceStore.ts';
import type { Matcher, Silence } from '../notify/types.ts';
import { refusal } from './bearerAuth.ts';
import { decodeSegment, mayUse, parseSilenceRequest, readBody, send } from './silencesApi.ts';

const LIST = '/api/v2/silences';
const ONE = '/api/v2/silence/';

/** Alertmanager's matcher object. */
function matcherObject(m: Matcher) {
  return {
    name: m.name,
    value: m.value,
    isRegex: m.type === '=~' || m.type === '!~',
    isEqual: m.type === '=' || m.type === '=~',
  };
}

/** A silence as Alertmanager's `gettableSilence`. */
export function gettableSilence(s: Silence, now: number) {
  const end = endOf(s);
  const state = end <= now ? 'expired' : s.startsAt > now ? 'pending' : 'active';
  return {
    id: s.id,
    status: { state },
    updatedAt: new Date(s.expiredAt ?? s.startsAt).toISOString(),
    matchers: s.matchers.map(matcherObject),
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(end).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

/**
 * Alertmanager's `filter` on silences: the silence's matchers read as a label set (name ->
 * value) must satisfy every filter matcher.
 */
function filterOf(url: URL): Matcher[] | string {
  const out: Matcher[] = [];
  for (const f of url.searchParams.getAll('filter')) {
    const ms = parseMatcherList(f);
    if (typeof ms === 'string') return `bad filter: ${ms}`;
    out.push(...ms);
  }
  return out;
}

async function create(req: IncomingMessage, res: ServerResponse, deps: SilenceAccess): Promise<true> {
  let body: unknown;
  try {
    body = await readBody(req);
  } catch (err) {
    return send(res, 400, `invalid JSON body: ${(err as Error).message}`);
  }
  const now = deps.now();
  const parsed = parseSilenceRequest(body, now);
  if (typeof parsed === 'string') return send(res, 400, parsed);
  // Alertmanager updates a silence by id: in place when it can, else the old one ends as a new
  // one starts (amtool silence update relies on this).
  const id = (body as { id?: unknown }).id;
  const s =
    typeof id === 'string' && id !== ''
      ? await deps.store.replace(id, parsed, now)
      : await deps.store.add(parsed, now);
  if (!s) return send(res, 404, `silence ${String(id)} not found`);
  deps.changed();
  return send(res, 200, { silenceID: s.id });
}

function list(res: ServerResponse, url: URL, deps: SilenceAccess): true {
  const filter = filterOf(url);
  if (typeof filter === 'string') return send(res, 400, filter);
  const now = deps.now();
  const rows = deps.store
    .list(now)
    .filter((s) => matchesAll(filter, Object.fromEntries(s.matchers.map((m) => [m.name, m.value]))))
    .map((s) => gettableSilence(s, now));
  return send(res, 200, rows);
}

async function one(req: IncomingMessage, res: ServerResponse, raw: string, deps: SilenceAccess) {
  const id = decodeSegment(raw);
  if (id === undefined || id === '') return send(res, 400, 'silence id: bad percent-encoding');
  const s = deps.store.get(id);
  if (!s) return send(res, 404, `silence ${id} not found`);
  const now = deps.now();
  if (req.method === 'GET') return send(res, 200, gettableSilence(s, now));
  if (req.method === 'DELETE') {
    // Alertmanager answers 200 for an expired silence too, and an empty body.
    if (await deps.store.expire(id, now)) deps.changed();
    res.writeHead(200, { 'content-length': '0' }).end();
    return true;
  }
  res.setHeader('allow', 'GET, DELETE');
  return send(res, 405, `method ${req.method} not allowed here`);
}

/** Serves the v2 silences paths; false for any other path. */
export async function handleSilencesV2(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: SilenceAccess,
): Promise<boolean> {
  const isList = url.pathname === LIST;
  if (!isList && !url.pathname.startsWith(ONE)) return false;
  if (!mayUse(req, deps)) return send(res, 401, refusal(deps));
  if (!isList) return one(req, res, url.pathname.slice(ONE.length), deps);
  if (req.method === 'GET' || req.method === 'HEAD') return list(res, url, deps);
  if (req.method === 'POST') return create(req, res, deps);
  res.setHeader('allow', 'GET, POST');
  return send(res, 405, `method ${req.method} not allowed here`);
}
