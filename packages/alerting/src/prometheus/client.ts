/**
 * A small client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), and for any
 * compatible API (Thanos, Mimir, VictoriaMetrics). Every failure is a {@link QueryError} with a
 * `kind`, so the engine can never mistake "the query failed" for "the query returned no data".
 */
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import { redactText } from '../shared/redact.ts';

/** One sample of an instant vector (a scalar result becomes one sample without labels). */
export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** One series of a range query. */
export interface RangeSeries {
  readonly labels: Record<string, string>;
  readonly values: ReadonlyArray<readonly [number, number]>;
}

/**
 * Why a query failed. `timeout` and `unreachable` mean the data source is down; `bad_query` is the
 * rule's fault (HTTP 400/422); `server` is a 5xx; `partial` is a response with warnings (some
 * data missing, e.g. a Thanos store down); `bad_response` is something that is not the API's shape.
 */
export type QueryErrorKind = 'timeout' | 'unreachable' | 'bad_query' | 'server' | 'partial' | 'bad_response';

/** A failed query. The message never includes request headers (they may carry credentials). */
export class QueryError extends Error {
  readonly kind: QueryErrorKind;
  readonly status?: number;
  constructor(kind: QueryErrorKind, message: string, status?: number) {
    super(redactText(message));
    this.name = 'QueryError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** Options for {@link createPrometheusClient}. */
export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:9090` (a path prefix is kept). */
  url: string;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Extra headers, e.g. `Authorization` or `X-Scope-OrgID` for Mimir. */
  headers?: Record<string, string>;
  /** Treat a response carrying `warnings` as failed (default true: partial data must not resolve). */
  warningsAreErrors?: boolean;
  /**
   * Which Prometheus-compatible server answers (default `prometheus`). `victoriametrics` adds
   * `latency_offset=0s` (VictoriaMetrics hides the newest 30 s by default, `-search.latencyOffset`,
   * which would make every transition ~30 s late) and `nocache=1` (no cached partial answer).
   */
  flavour?: Flavour;
}

/** The server behind the Prometheus API. */
export type Flavour = 'prometheus' | 'victoriametrics' | 'thanos' | 'mimir';

/** The flavours the config accepts. */
export const FLAVOURS: readonly Flavour[] = ['prometheus', 'victoriametrics', 'thanos', 'mimir'];

/** The queries the engine needs. */
export interface PrometheusClient {
  /** Instant query at `time` (epoch ms; default now). */
  query(promql: string, time?: number): Promise<Sample[]>;
  /** Range query from `start` to `end` (epoch ms) every `stepMs`. */
  queryRange(promql: string, start: number, end: number, stepMs: number): Promise<RangeSeries[]>;
}

interface ApiBody {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: string[];
  data?: { resultType?: string; result?: unknown };
}

/** Creates a client. */
export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const http: AxiosInstance = axios.create({
    baseURL: opts.url.replace(/\/+$/, ''),
    timeout: opts.timeoutMs ?? 10_000,
    headers: { ...opts.headers, Accept: 'application/json' },
    // Every status is inspected below; axios must not throw its own (header-carrying) errors.
    validateStatus: () => true,
    maxRedirects: 0,
  });
  const warningsAreErrors = opts.warningsAreErrors ?? true;
  // Only VictoriaMetrics knows these; another server could reject or misread them.
  const extra: Record<string, string> =
    opts.flavour === 'victoriametrics' ? { latency_offset: '0s', nocache: '1' } : {};

  const call = (path: string, params: Record<string, string>) =>
    callApi(http, warningsAreErrors, path, { ...params, ...extra });

  return {
    async query(promql, time) {
      const params: Record<string, string> = { query: promql };
      if (time !== undefined) params.time = String(time / 1000);
      return parseInstant(await call('/api/v1/query', params));
    },
    async queryRange(promql, start, end, stepMs) {
      const data = await call('/api/v1/query_range', {
        query: promql,
        start: String(start / 1000),
        end: String(end / 1000),
        step: String(stepMs / 1000),
      });
      if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
        throw new QueryError('bad_response', `expected a matrix, got ${data?.resultType}`);
      }
      return (data.result as Array<{ metric: Record<string, string>; values: [number, string][] }>).map(
        (s) => ({
          labels: s.metric ?? {},
          values: s.values.map(([t, v]) => [t * 1000, Number(v)] as const),
        }),
      );
    },
  };
}

/** POSTs one API call and classifies the answer: the data, or a {@link QueryError} of the right kind. */
async function callApi(
  http: AxiosInstance,
  warningsAreErrors: boolean,
  path: string,
  params: Record<string, string>,
): Promise<ApiBody['data']> {
  let res: { status: number; data: unknown };
  try {
    res = await http.post(path, new URLSearchParams(params).toString(), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  } catch (err) {
    throw classifyTransport(err);
  }
  const body = (typeof res.data === 'object' && res.data !== null ? res.data : {}) as ApiBody;
  if (res.status >= 500)
    throw new QueryError('server', `HTTP ${res.status}: ${body.error ?? 'server error'}`, res.status);
  if (res.status === 400 || res.status === 422) {
    throw new QueryError('bad_query', `${body.errorType ?? 'bad_data'}: ${body.error ?? ''}`, res.status);
  }
  if (res.status !== 200 || body.status !== 'success') {
    throw new QueryError(
      'bad_response',
      `HTTP ${res.status}: ${body.error ?? 'not a Prometheus API response'}`,
      res.status,
    );
  }
  if (warningsAreErrors && body.warnings?.length) {
    throw new QueryError('partial', `partial response: ${body.warnings.join('; ')}`);
  }
  return body.data;
}

function parseInstant(data: ApiBody['data']): Sample[] {
  const result = data?.result;
  switch (data?.resultType) {
    case 'vector':
      if (!Array.isArray(result)) break;
      return (result as Array<{ metric?: Record<string, string>; value?: unknown }>).map((s) => ({
        labels: s.metric ?? {},
        value: sampleValue(s.value),
      }));
    case 'scalar':
      if (!Array.isArray(result)) break;
      return [{ labels: {}, value: sampleValue(result) }];
    case 'matrix':
      throw new QueryError(
        'bad_query',
        'expression returns a range vector; alerting needs an instant vector',
      );
    case 'string':
      throw new QueryError('bad_query', 'expression returns a string; alerting needs an instant vector');
  }
  throw new QueryError('bad_response', `unexpected result type ${String(data?.resultType)}`);
}

/**
 * A sample's value: the API sends `[time, "string"]`. A "success" with a null or missing value
 * (seen from some compatible servers) is a bad response that holds state, never a NaN alert;
 * the string "NaN" is a real NaN, as Prometheus evaluates it.
 */
function sampleValue(pair: unknown): number {
  const v = Array.isArray(pair) ? pair[1] : undefined;
  if (typeof v !== 'string' || v === '')
    throw new QueryError('bad_response', `a sample without a value (${JSON.stringify(pair)?.slice(0, 80)})`);
  return Number(v);
}

function classifyTransport(err: unknown): QueryError {
  if (isAxiosError(err)) {
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT')
      return new QueryError('timeout', 'query timed out');
    return new QueryError('unreachable', `cannot reach Prometheus: ${err.code ?? err.message}`);
  }
  return new QueryError('unreachable', `cannot reach Prometheus: ${String(err)}`);
}
