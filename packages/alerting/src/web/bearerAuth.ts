import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Who may change things over HTTP (silences, reloads). */
export interface WriteAccess {
  /** The bearer token (GOLDEN_SIGNALS_ALERTING_TOKEN), if one is set. */
  readonly token?: string;
  /** On loopback only local users can reach the API, so no token is needed. */
  readonly loopback: boolean;
}

/** Whether `req` may write: always on loopback, else only with `Authorization: Bearer <token>`. */
export function mayWrite(req: IncomingMessage, access: WriteAccess): boolean {
  if (access.loopback) return true;
  if (!access.token) return false;
  const got = Buffer.from(String(req.headers.authorization ?? ''));
  const want = Buffer.from(`Bearer ${access.token}`);
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
