import dc from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { errorTypeOf } from '../errors/errorClass.ts';
import type { Signals } from '../signals.ts';
import { guarded } from './guard.ts';

const START = Symbol('golden-signals.client-start');

type Timed = { [START]?: number };
/** The parts of undici's request object that its diagnostics channels expose. */
interface UndiciRequest extends Timed {
  method?: string;
  origin?: string | URL;
  path?: string;
}

/**
 * Outgoing request latency (`http.client.request.duration`) for node:http/https from Node's
 * `http.client.*` channels and for fetch from undici's `undici:request:*` channels: no patching,
 * and the two never overlap (fetch does not go through node:http).
 */
export function subscribeClientSignals(signals: Signals): () => void {
  const safe = <M>(fn: (m: M) => void) => guarded<M>(signals.log, 'client:record', fn);

  const httpStart = safe(({ request }: { request: ClientRequest & Timed }) => {
    // The OTLP exporter's own requests are not the app's traffic.
    if (String(request.getHeader('user-agent') ?? '').startsWith('OTel-OTLP-Exporter')) return;
    request[START] = performance.now();
  });
  const httpResponse = safe(
    ({ request, response }: { request: ClientRequest & Timed; response: IncomingMessage }) => {
      const status = response.statusCode ?? 0;
      recordClient(
        signals,
        request,
        request.method,
        hostOf(request),
        status,
        status >= 500 ? String(status) : '',
      );
    },
  );
  const httpError = safe(({ request, error }: { request: ClientRequest & Timed; error: unknown }) => {
    const type = errorTypeOf(error);
    recordClient(signals, request, request.method, hostOf(request), 0, type, error);
  });
  const fetchCreate = safe(({ request }: { request: UndiciRequest }) => {
    request[START] = performance.now();
  });
  const fetchHeaders = safe(
    ({ request, response }: { request: UndiciRequest; response: { statusCode?: number } }) => {
      const status = response.statusCode ?? 0;
      recordClient(
        signals,
        request,
        request.method,
        originOf(request),
        status,
        status >= 500 ? String(status) : '',
      );
    },
  );
  const fetchError = safe(({ request, error }: { request: UndiciRequest; error: unknown }) => {
    recordClient(signals, request, request.method, originOf(request), 0, errorTypeOf(error), error);
  });

  const subs: Array<[string, (m: unknown) => void]> = [
    ['http.client.request.start', httpStart],
    ['http.client.response.finish', httpResponse],
    ['http.client.request.error', httpError],
    ['undici:request:create', fetchCreate],
    ['undici:request:headers', fetchHeaders],
    ['undici:request:error', fetchError],
  ];
  for (const [name, fn] of subs) dc.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) dc.unsubscribe(name, fn);
  };
}

function recordClient(
  signals: Signals,
  request: Timed,
  method: string | undefined,
  target: { host: string; port: string },
  status: number,
  errorType: string,
  error?: unknown,
): void {
  const start = request[START];
  if (start === undefined) return;
  request[START] = undefined;
  const seconds = (performance.now() - start) / 1000;
  const m = (method ?? 'GET').toUpperCase();
  const d = signals.clientDuration;
  d.observe(d.seriesFor([m, target.host, target.port, status ? String(status) : '', errorType]), seconds);
  if (errorType) {
    const where = `${m} ${target.host}:${target.port}`;
    const message = error instanceof Error ? error.message : `${where} -> ${errorType}`;
    signals.recordError('http.client', errorType, where, message);
  }
}

function hostOf(request: ClientRequest): { host: string; port: string } {
  const header = String(request.getHeader('host') ?? request.host ?? '');
  const agentPort = (request as unknown as { agent?: { defaultPort?: number } }).agent?.defaultPort;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  return { host: m?.[1] ?? request.host ?? '', port: m?.[2] ?? String(agentPort ?? '') };
}

function originOf(request: UndiciRequest): { host: string; port: string } {
  try {
    const u = new URL(String(request.origin));
    return { host: u.hostname, port: u.port || (u.protocol === 'https:' ? '443' : '80') };
  } catch {
    return { host: '', port: '' };
  }
}
