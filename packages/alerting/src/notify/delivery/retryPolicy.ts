import type { DeliveryResult } from '../types.ts';

/** First retry after 500 ms, doubling to at most 60 s (Slack asks for backoff on 5xx). */
const BASE_MS = 500;
const CAP_MS = 60_000;
/** When a 429 carries no usable Retry-After, wait this long (Slack's own typical value). */
const DEFAULT_RETRY_AFTER_MS = 1000;

/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): a random wait in [delay/2, delay], so many notifiers recovering from the same outage
 * do not retry in lock step. `random` is injectable for tests.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const delay = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(delay / 2 + (random() * delay) / 2);
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null | undefined, now: number): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const secs = Number(header.trim());
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : DEFAULT_RETRY_AFTER_MS;
}

/**
 * Classifies an HTTP answer. 429 and 5xx are worth retrying; 408 too (the server gave up on a
 * slow request). Other 4xx mean the payload or the target is wrong and a retry would fail again:
 * Slack answers 400 invalid_payload, 403 action_prohibited, 404 channel_not_found / no_service,
 * 410 channel_is_archived. The reason is Slack's error word when the body is one, else `http_<code>`.
 */
export function classifyHttp(
  status: number,
  body: string,
  retryAfter: string | null,
  now: number,
): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  const word = body.trim();
  const reason = /^[a-z_]{2,60}$/.test(word) ? word : `http_${status}`;
  if (status === 429) {
    return {
      ok: false,
      retryable: true,
      reason: 'rate_limited',
      retryAfterMs: parseRetryAfter(retryAfter, now),
    };
  }
  if (status >= 500 || status === 408) return { ok: false, retryable: true, reason: `http_${status}` };
  return { ok: false, retryable: false, reason };
}
