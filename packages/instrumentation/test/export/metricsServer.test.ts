import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { RecentErrors } from '../../src/errors/recentErrors.ts';
import { type MetricsServerOptions, startMetricsServer } from '../../src/export/metricsServer.ts';
import { renderSnapshot } from '../../src/export/snapshot.ts';
import { createLog } from '../../src/log.ts';
import { Registry } from '../../src/registry/registry.ts';

async function serve(reg: Registry, extra: Partial<MetricsServerOptions> = {}) {
  let resolveUrl: (u: string) => void = () => {};
  const url = new Promise<string>((r) => {
    resolveUrl = r;
  });
  const server = startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    snapshot: () => reg.read((xs) => renderSnapshot(xs, 'svc')),
    log: createLog('silent'),
    onListening: resolveUrl,
    ...extra,
  });
  const u = await url;
  return { server, url: u, port: Number(new URL(u).port) };
}

function bigRegistry(series: number): Registry {
  const reg = new Registry({ cardinalityLimit: series + 10 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  for (let i = 0; i < series; i++) h.observe(h.seriesFor(['GET', `/r/${i}`, '200', '']), 0.1);
  return reg;
}

/** A raw client that sends a scrape and then never reads (its socket is paused). */
async function neverReads(port: number) {
  const sock = connect(port, '127.0.0.1');
  await once(sock, 'connect');
  sock.pause();
  sock.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
  return sock;
}

/** GET with node:http, so that the exact bytes on the wire can be counted. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(url, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
        );
      });
      req.on('error', reject);
      req.setTimeout(20_000, () => req.destroy(new Error('scrape timed out')));
      req.end();
    },
  );
}

describe('the metrics endpoint', () => {
  it('keeps answering after a scraper disconnects in the middle of a large scrape', async () => {
    const { server, url, port } = await serve(bigRegistry(5000));
    try {
      const sock = await neverReads(port);
      await new Promise((r) => setTimeout(r, 300));
      sock.destroy();
      const res = await get(url);
      assert.equal(res.status, 200);
      assert.ok(res.body.toString().includes('/r/4999'), 'the next scrape is whole');
    } finally {
      server.close();
    }
  });

  it('answers 50 parallel scrapers whole while others close in line and one never reads', async () => {
    // Two slots: most scrapers wait in line, which is where a closing client used to wedge the port.
    const { server, url, port } = await serve(bigRegistry(3000), { maxConcurrent: 2, writeTimeoutMs: 3000 });
    try {
      const stalled = await neverReads(port);
      const leavers = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const s = connect(port, '127.0.0.1');
          await once(s, 'connect');
          s.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
          return s;
        }),
      );
      for (const s of leavers) s.destroy();
      const t0 = Date.now();
      const answers = await Promise.all(Array.from({ length: 50 }, () => get(url)));
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
      for (const a of answers) assert.ok(a.body.toString().includes('/r/2999'), 'every answer is whole');
      assert.ok(Date.now() - t0 < 20_000, `50 scrapes took ${Date.now() - t0} ms`);
      // Past the write timeout the server has dropped it: reading now ends before the whole answer.
      await new Promise((r) => setTimeout(r, 3500));
      let received = 0;
      stalled.on('data', (d: Buffer) => {
        received += d.length;
      });
      stalled.resume();
      await Promise.race([once(stalled, 'close'), new Promise((r) => setTimeout(r, 5000))]);
      assert.ok(stalled.destroyed || stalled.readableEnded, 'the scraper that never reads is cut');
      assert.ok(received < answers[0]!.body.length, `it got ${received} of ${answers[0]!.body.length} bytes`);
      assert.equal((await get(url)).status, 200, 'and the port still answers');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('gives a slow reader its own scrape whole while later scrapes render meanwhile', async () => {
    const reg = bigRegistry(3000);
    const { server, url, port } = await serve(reg);
    try {
      // A reader that waits: its answer sits in the socket's queue, in the snapshot's buffers.
      const slow = await neverReads(port);
      await new Promise((r) => setTimeout(r, 300));
      const h = reg.fromSpec(HTTP_SERVER_DURATION);
      for (let i = 0; i < 3000; i++) h.observe(h.seriesFor(['GET', `/r/${i}`, '200', '']), 0.2);
      for (let i = 0; i < 3; i++) assert.match((await get(url)).body.toString(), /_count\{[^\n]*\} 2\n/);
      const parts: Buffer[] = [];
      slow.on('data', (d: Buffer) => parts.push(d));
      slow.resume();
      await new Promise((r) => setTimeout(r, 500));
      slow.destroy();
      const raw = Buffer.concat(parts).toString();
      const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
      assert.equal(Buffer.byteLength(body), Number(/content-length: (\d+)/i.exec(raw)?.[1]));
      const counts = [...body.matchAll(/_count\{[^\n]*\} (\d+)\n/g)].map((m) => m[1]);
      assert.equal(counts.length, 3000);
      assert.deepEqual(new Set(counts), new Set(['1']), 'every series as it was when that scrape began');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers 503 when the line is full instead of queueing without bound', async () => {
    const { server, url, port } = await serve(bigRegistry(3000), {
      maxConcurrent: 1,
      maxQueued: 1,
      writeTimeoutMs: 60_000,
    });
    try {
      const stalled = [await neverReads(port), await neverReads(port)];
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await get(url)).status, 503);
      for (const s of stalled) s.destroy();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal((await get(url)).status, 200, 'the slots come back when the clients leave');
    } finally {
      server.close();
    }
  });

  it('sends gzip when asked, in at most 15 % of the bytes of the text', async () => {
    const { server, url } = await serve(bigRegistry(2000));
    try {
      const plain = await get(url);
      const zipped = await get(url, { 'accept-encoding': 'gzip' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(zipped.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(zipped.body).toString(), plain.body.toString());
      assert.ok(
        zipped.body.length <= 0.15 * plain.body.length,
        `${zipped.body.length} of ${plain.body.length}`,
      );
      const refused = await get(url, { 'accept-encoding': 'gzip;q=0, identity' });
      assert.equal(refused.headers['content-encoding'], undefined);
    } finally {
      server.close();
    }
  });

  it('serves recent errors at /errors only when asked to, with personal data masked', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const off = await serve(reg);
    const recent = new RecentErrors(10);
    const message =
      'login failed for alice@example.com password=hunter2 with Authorization: Bearer abc.def-123 api_key=ZXhhbXBsZWtleTEyMzQ1Njc4OTA';
    recent.add({
      time: 1,
      source: 'http.server',
      where: 'GET /x',
      type: '500',
      message,
      errorSeverity: 'low',
    });
    const on = await serve(reg, { recent });
    const raw = await serve(reg, { recent, rawErrors: true });
    try {
      const base = (u: string) => u.replace(/\/metrics$/, '');
      assert.equal((await fetch(`${base(off.url)}/errors`)).status, 404);
      const list = (await (await fetch(`${base(on.url)}/errors?limit=5`)).json()) as Array<{
        type: string;
        message: string;
      }>;
      assert.deepEqual(
        list.map((e) => e.type),
        ['500'],
      );
      for (const secret of ['alice@example.com', 'hunter2', 'abc.def-123', 'ZXhhbXBsZWtleTEyMzQ1Njc4OTA'])
        assert.ok(!list[0]!.message.includes(secret), `${secret} is masked in: ${list[0]!.message}`);
      assert.match(list[0]!.message, /^login failed for /, 'the rest of the message stays');
      const rawList = (await (await fetch(`${base(raw.url)}/errors`)).json()) as Array<{ message: string }>;
      assert.ok(rawList[0]!.message.includes('alice@example.com'), 'rawErrors keeps the message');
    } finally {
      off.server.close();
      on.server.close();
      raw.server.close();
    }
  });
});
