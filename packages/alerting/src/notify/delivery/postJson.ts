import { redactSecrets } from '../../shared/redact.ts';
import type { DeliveryResult } from '../types.ts';
import { classifyHttp } from './retryPolicy.ts';

/** Options of {@link postJson}. */
export interface PostOptions {
  readonly signal: AbortSignal;
  readonly now: () => number;
  /** Reads the answer: Slack says `ok` in the body; others only need a 2xx. */
  readonly accept?: (status: number, body: string) => boolean;
}

/**
 * POSTs JSON and classifies the outcome. Never throws and never lets the URL (a secret) into
 * the reason: network errors are reduced to their code (`ECONNREFUSED`, `timeout`).
 */
export async function postJson(url: string, body: unknown, o: PostOptions): Promise<DeliveryResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: o.signal,
    });
  } catch (err) {
    return { ok: false, retryable: true, reason: networkReason(err, o.signal, url) };
  }
  let text = '';
  try {
    text = (await res.text()).slice(0, 2000);
  } catch (err) {
    return { ok: false, retryable: true, reason: networkReason(err, o.signal, url) };
  }
  const result = classifyHttp(res.status, text, res.headers.get('retry-after'), o.now());
  if (result.ok && o.accept && !o.accept(res.status, text)) {
    return { ok: false, retryable: false, reason: `unexpected_answer` };
  }
  return result;
}

function networkReason(err: unknown, signal: AbortSignal, url: string): string {
  if (signal.aborted) return 'timeout';
  const e = err as { cause?: { code?: string }; code?: string; name?: string };
  const code = e.cause?.code ?? e.code;
  if (code && /^[A-Z_]+$/.test(code)) return `network_${code}`;
  return redactSecrets(`network_${e.name ?? 'error'}`, [url]);
}
