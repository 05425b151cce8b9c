import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How the sink answers one post: Slack's real answers ("Handling errors", incoming webhooks):
 * `ok` (200 "ok"), `rate_limited` (429 + Retry-After seconds), `server_error` (500), an error
 * word with its status (400 invalid_payload, 403 action_prohibited, 404 channel_not_found,
 * 404 no_service, 410 channel_is_archived, 400 invalid_blocks / msg_too_long), or `hang` (never answers).
 */
export type SinkAnswer =
  | 'ok'
  | 'hang'
  | 'server_error'
  | 'invalid_payload'
  | 'action_prohibited'
  | 'channel_not_found'
  | 'no_service'
  | 'channel_is_archived'
  | 'invalid_blocks'
  | 'msg_too_long'
  | { readonly rateLimited: number };

/** One post the sink received. */
export interface SinkRequest {
  readonly path: string;
  readonly at: number;
  /** Parsed JSON body (undefined when it was not JSON). */
  readonly body: unknown;
  readonly raw: string;
  readonly answer: SinkAnswer;
}

const STATUS: Record<string, number> = {
  invalid_payload: 400,
  action_prohibited: 403,
  channel_not_found: 404,
  no_service: 404,
  channel_is_archived: 410,
  invalid_blocks: 400,
  msg_too_long: 400,
};

/**
 * A Slack-compatible incoming-webhook server on 127.0.0.1 for tests, benchmarks and the demo:
 * answers each post per a programmable script and records every payload. Listens on port 0.
 */
export class SlackSink {
  readonly requests: SinkRequest[] = [];
  #server: Server | undefined;
  #script: (n: number, req: SinkRequest['body']) => SinkAnswer = () => 'ok';
  #hung = new Set<ServerResponse>();
  #waiters: Array<() => void> = [];
  #count = 0;
  url = '';

  /** Starts listening on `port` (default: a free one); resolves with the webhook URL (any path is accepted). */
  async start(listenPort = 0): Promise<string> {
    const server = createServer((req, res) => void this.#serve(req, res));
    this.#server = server;
    await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/services/T000/B000/secret-token-for-tests`;
    return this.url;
  }

  /** Answers by index (0-based post count) and body; replaces any previous script. */
  script(fn: (n: number, body: unknown) => SinkAnswer): void {
    this.#script = fn;
  }

  /** Answers the next posts from `answers` in order, then `ok`. */
  sequence(answers: readonly SinkAnswer[]): void {
    const start = this.#count;
    this.#script = (n) => answers[n - start] ?? 'ok';
  }

  /** Posts answered `ok` (the ones Slack would have shown). */
  delivered(): SinkRequest[] {
    return this.requests.filter((r) => r.answer === 'ok');
  }

  /** Resolves once at least `n` posts were answered ok, or rejects after `timeoutMs`. */
  async waitForDelivered(n: number, timeoutMs = 10_000): Promise<SinkRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.delivered().length < n) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`sink: ${this.delivered().length} of ${n} posts delivered in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.delivered();
  }

  async stop(): Promise<void> {
    for (const res of this.#hung) res.destroy();
    this.#hung.clear();
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = undefined;
  }

  /** The port it listens on (after {@link start}). */
  get port(): number {
    return Number(new URL(this.url).port);
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    const answer = body === undefined ? 'invalid_payload' : this.#script(this.#count++, body);
    this.requests.push({ path: req.url ?? '/', at: Date.now(), body, raw, answer });
    for (const w of this.#waiters.splice(0)) w();
    if (answer === 'hang') {
      this.#hung.add(res);
      res.on('close', () => this.#hung.delete(res));
      return;
    }
    if (typeof answer === 'object') {
      res.writeHead(429, { 'retry-after': String(answer.rateLimited), 'content-type': 'text/plain' });
      res.end('rate_limited');
      return;
    }
    const status = answer === 'ok' ? 200 : answer === 'server_error' ? 500 : (STATUS[answer] ?? 400);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(answer === 'server_error' ? 'internal_error' : answer);
  }
}

/** A Slack payload as plain terminal text (header, sections, context), for the demo. */
export function slackPayloadToText(payload: unknown): string {
  const p = payload as { text?: string; attachments?: Array<{ blocks?: Array<Record<string, unknown>> }> };
  const lines: string[] = [];
  for (const a of p.attachments ?? []) {
    for (const b of a.blocks ?? []) {
      const text = (b.text as { text?: string } | undefined)?.text;
      if (text) lines.push(b.type === 'header' ? `== ${text} ==` : text);
      for (const e of (b.elements as Array<{ text?: string }> | undefined) ?? [])
        if (e.text) lines.push(`  ${e.text}`);
    }
  }
  if (!lines.length && p.text) lines.push(p.text);
  return lines
    .join('\n')
    .replace(/\u200b/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
