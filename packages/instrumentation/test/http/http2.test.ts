import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http2 from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseExposition, type RunningApp, startApp, total } from '../helpers/app.ts';
import { promtool } from '../helpers/launch.ts';

const run = promisify(execFile);
const COUNT = 'http_server_request_duration_seconds_count';
const CLIENT = 'http_client_request_duration_seconds_count';

/** `n` requests on one HTTP/2 session; resolves with their statuses. */
async function h2Requests(origin: string, paths: string[]): Promise<number[]> {
  const session = http2.connect(origin, { rejectUnauthorized: false });
  try {
    return await Promise.all(
      paths.map(
        (path) =>
          new Promise<number>((resolve, reject) => {
            const req = session.request({ ':path': path });
            let status = 0;
            req.on('response', (h) => {
              status = Number(h[':status']);
            });
            req.on('error', reject);
            req.resume();
            req.on('end', () => resolve(status));
            req.end();
          }),
      ),
    );
  } finally {
    session.close();
  }
}

/** An HTTP/1.1 request over TLS (ALPN http/1.1) to the allowHTTP1 server. */
function http1OverTls(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP/2 servers and clients', () => {
  let dir = '';
  let app: RunningApp;
  let tlsPort = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gs-h2-'));
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]);
    app = await startApp('http2.cjs', { env: { CERT: join(dir, 'cert.pem'), KEY: join(dir, 'key.pem') } });
    tlsPort = Number(/listening \d+ (\d+)/.exec(app.stdout())![1]);
  });
  after(async () => {
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts h2c, TLS h2 and the HTTP/1.1 half of allowHTTP1, with the protocol version on HTTP/2', async () => {
    assert.deepEqual(await h2Requests(app.url, ['/orders/1', '/orders/2', '/fail']), [200, 200, 503]);
    assert.deepEqual(
      await h2Requests(`https://127.0.0.1:${tlsPort}`, ['/orders/3', '/orders/4']),
      [200, 200],
    );
    for (let i = 0; i < 3; i++) assert.equal(await http1OverTls(tlsPort, `/orders/${10 + i}`), 200);
    const s = parseExposition(await app.scrape());
    const v2 = { http_route: '/orders/:id', network_protocol_version: '2' };
    assert.equal(total(s, COUNT, v2), 4);
    assert.equal(
      total(s, COUNT, { http_route: '/fail', error_type: '503', network_protocol_version: '2' }),
      1,
    );
    const h1 = parseExposition(await app.scrape()).filter(
      (x) => x.name === COUNT && x.labels.http_route === '/orders/:id' && !x.labels.network_protocol_version,
    );
    assert.equal(
      h1.reduce((a, x) => a + x.value, 0),
      3,
      'HTTP/1.1 over the allowHTTP1 server',
    );
    assert.equal(total(s, 'app_errors_total', { error_type: '503', error_source: 'http.server' }), 1);
  });

  it('times http2.connect() client calls with the same labels as HTTP/1.1, and promtool is happy', async () => {
    assert.deepEqual(await h2Requests(app.url, ['/call']), [200]);
    const text = await app.scrape();
    const s = parseExposition(text);
    assert.equal(
      total(s, CLIENT, {
        server_address: '127.0.0.1',
        server_port: String(tlsPort),
        network_protocol_version: '2',
      }),
      1,
    );
    assert.equal(await promtool(text), '');
  });

  it('takes the route from fastify over HTTP/2, as over HTTP/1.1', async () => {
    const fastify = await startApp('fastify-h2.cjs');
    try {
      assert.deepEqual(
        await h2Requests(fastify.url, ['/products/a1', '/products/b2', '/products/c3']),
        [200, 200, 200],
      );
      const s = parseExposition(await fastify.scrape());
      assert.equal(total(s, COUNT, { http_route: '/products/:sku', network_protocol_version: '2' }), 3);
    } finally {
      await fastify.stop();
    }
  });
});
