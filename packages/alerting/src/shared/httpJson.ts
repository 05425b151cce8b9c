/**
 * The one JSON responder of the service's HTTP endpoints (API, silences API, status page data):
 * UTF-8 JSON, never cached (alerts and silences change every cycle), never sniffed as something else.
 */
import type { ServerResponse } from 'node:http';

/** Writes `body` as JSON with `status`; extra headers (the status page's CSP) are added. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(JSON.stringify(body));
}
