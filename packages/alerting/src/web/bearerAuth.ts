import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Who may change things over HTTP (silences, reloads). */
export interface WriteAccess {
  /** The bearer token (GOLDEN_SIGNALS_ALERTING_TOKEN), if one is set. */
  readonly token?: string;
  /** On loopback only local users can reach the API, so no token is needed. */
  readonly loopback: boolean;
}

/**
 * Whether `req` may write: with a token set, only with `Authorization: Bearer <token>` (loopback
 * too: a token means the operator wants one); without one, only on loopback. Where the request
 * comes from is checked before, by requestGuard's `writeProblem`.
 */
export function mayWrite(req: IncomingMessage, access: WriteAccess): boolean {
  if (access.token) return hasToken(req, access.token);
  return access.loopback;
}

/** True when `req` carries `Authorization: Bearer <token>` (compared in constant time). */
export function hasToken(req: IncomingMessage, token: string): boolean {
  const got = Buffer.from(String(req.headers.authorization ?? ''));
  const want = Buffer.from(`Bearer ${token}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** Why a write was refused, for the 401 body. */
export function refusal(access: WriteAccess): string {
  return access.token
    ? 'missing or wrong bearer token'
    : 'the API listens beyond loopback and no token is set';
}

/** Loopback listen addresses. */
export function isLoopback(host: string): boolean {
  return /^(127\.|::1$|localhost$|\[::1\]$)/.test(host);
}
