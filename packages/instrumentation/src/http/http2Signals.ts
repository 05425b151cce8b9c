import dc from 'node:diagnostics_channel';
import { ERROR_TYPES } from '@golden-signals/conventions';
import { errorTypeOf } from '../errors/errorClass.ts';
import type { Series } from '../registry/series.ts';
import type { Signals } from '../signals.ts';
import { guarded } from './guard.ts';
import { ROUTE } from './requestRoute.ts';

const STATE = Symbol('golden-signals.h2');
const VERSION = '2';

type Headers = Record<string, unknown>;
/** What we keep on a stream between its channels' messages. */
interface StreamState {
  start: number;
  method: string;
  path: string;
  authority: string;
  status: number;
  error?: unknown;
  active?: Series;
}
type Stream = { [STATE]?: StreamState; rstCode?: number };
type Message = { stream: Stream; headers?: Headers; error?: unknown };

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * HTTP/2 server and client signals (h2c, TLS h2, and the h2 half of `allowHTTP1`; `http2.connect`)
 * from Node's `http2.server.stream.*` and `http2.client.stream.*` diagnostics channels: the same
 * instruments and labels as HTTP/1.1, plus `network.protocol.version="2"`. The HTTP/1.1 half of an
 * `allowHTTP1` server goes through node:http and is recorded there.
 */
export function subscribeHttp2Signals(signals: Signals, server: boolean, client: boolean): () => void {
  const safe = <M>(fn: (m: M) => void) => guarded<M>(signals.log, 'http2:record', fn);
  const begin = (m: Message) => {
    const h = m.headers ?? {};
    const method = String(h[':method'] ?? 'GET').toUpperCase();
    m.stream[STATE] = {
      start: performance.now(),
      method: METHODS.has(method) ? method : '_OTHER',
      path: String(h[':path'] ?? '/'),
      authority: String(h[':authority'] ?? ''),
      status: 0,
    };
  };
  const finish = (m: Message) => {
    const st = m.stream[STATE];
    if (st) st.status = Number(m.headers?.[':status'] ?? 0) || 0;
  };
  const error = (m: Message) => {
    const st = m.stream[STATE];
    if (st) st.error = m.error;
  };
  const serverStart = safe((m: Message) => {
    begin(m);
    const st = m.stream[STATE]!;
    st.active = signals.serverActive.seriesFor([st.method]);
    signals.serverActive.add(st.active, 1);
  });
  const serverClose = safe((m: Message) => recordServer(signals, m.stream));
  const clientClose = safe((m: Message) => recordClient(signals, m.stream));
  const subs: Array<[string, (m: unknown) => void]> = [
    ...(server
      ? ([
          ['http2.server.stream.start', serverStart],
          ['http2.server.stream.finish', safe(finish)],
          ['http2.server.stream.error', safe(error)],
          ['http2.server.stream.close', serverClose],
        ] as Array<[string, (m: unknown) => void]>)
      : []),
    ...(client
      ? ([
          ['http2.client.stream.created', safe(begin)],
          ['http2.client.stream.finish', safe(finish)],
          ['http2.client.stream.error', safe(error)],
          ['http2.client.stream.close', clientClose],
        ] as Array<[string, (m: unknown) => void]>)
      : []),
  ];
  for (const [name, fn] of subs) dc.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) dc.unsubscribe(name, fn);
  };
}

function take(stream: Stream): { st: StreamState; seconds: number } | undefined {
  const st = stream[STATE];
  if (!st) return undefined;
  stream[STATE] = undefined;
  return { st, seconds: (performance.now() - st.start) / 1000 };
}

function recordServer(signals: Signals, stream: Stream): void {
  const t = take(stream);
  if (!t) return;
  const { st, seconds } = t;
  if (st.active) signals.serverActive.add(st.active, -1);
  const tagged = (stream as { [ROUTE]?: unknown })[ROUTE];
  const route =
    typeof tagged === 'string' ? signals.routes.admit(tagged) : signals.routes.normalize(st.path, st.status);
  // No response headers: the client reset the stream (or the session went away) first.
  let errorType = '';
  if (st.status === 0) errorType = st.error !== undefined ? errorTypeOf(st.error) : ERROR_TYPES.ABORTED;
  else if (st.status >= 500) errorType = st.error !== undefined ? errorTypeOf(st.error) : String(st.status);
  const d = signals.serverDuration;
  d.observe(d.seriesFor([st.method, route, st.status ? String(st.status) : '', errorType, VERSION]), seconds);
  if (errorType) {
    const message =
      st.error instanceof Error ? st.error.message : `${st.method} ${route} -> ${st.status || errorType}`;
    signals.recordError('http.server', errorType, `${st.method} ${route}`, message, route);
  }
}

function recordClient(signals: Signals, stream: Stream): void {
  const t = take(stream);
  if (!t) return;
  const { st, seconds } = t;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(st.authority);
  const host = m?.[1] ?? '';
  const port = m?.[2] ?? '443';
  let errorType = '';
  if (st.status === 0) errorType = st.error !== undefined ? errorTypeOf(st.error) : ERROR_TYPES.ABORTED;
  else if (st.status >= 500) errorType = String(st.status);
  const d = signals.clientDuration;
  d.observe(
    d.seriesFor([st.method, host, port, st.status ? String(st.status) : '', errorType, VERSION]),
    seconds,
  );
  if (errorType) {
    const where = `${st.method} ${host}:${port}`;
    const message = st.error instanceof Error ? st.error.message : `${where} -> ${errorType}`;
    signals.recordError('http.client', errorType, where, message);
  }
}
