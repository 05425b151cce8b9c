import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { RecentErrors } from '../../src/errors/recentErrors.ts';
import { startMetricsServer } from '../../src/export/metricsServer.ts';
import { createLog } from '../../src/log.ts';
import { Registry } from '../../src/registry/registry.ts';

async function serve(reg: Registry, recent?: RecentErrors) {
  let resolveUrl: (u: string) => void = () => {};
  const url = new Promise<string>((r) => {
    resolveUrl = r;
  });
  const server = startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    serviceName: 'svc',
    registry: reg,
    recent,
    log: createLog('silent'),
    onListening: resolveUrl,
  });
  return { server, url: await url };
}

describe('the metrics endpoint', () => {
  it('keeps answering after a scraper disconnects in the middle of a large scrape', async () => {
    const reg = new Registry({ cardinalityLimit: 10_000 });
    const h = reg.fromSpec(HTTP_SERVER_DURATION);
    for (let i = 0; i < 5000; i++) h.observe(h.seriesFor(['GET', `/r/${i}`, '200', '']), 0.1);
    const { server, url } = await serve(reg);
    try {
      const { port } = new URL(url);
      // A scraper that asks and never reads, then gives up (Prometheus' scrape_timeout).
      const sock = connect(Number(port), '127.0.0.1');
      await once(sock, 'connect');
      sock.pause();
      sock.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((r) => setTimeout(r, 300));
      sock.destroy();
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      const body = await res.text();
      assert.equal(res.status, 200);
      assert.ok(body.includes('/r/4999'), 'the next scrape is whole');
    } finally {
      server.close();
    }
  });

  it('serves recent errors at /errors only when asked to', async () => {
    const reg = new Registry({ cardinalityLimit: 100 });
    const off = await serve(reg);
    const recent = new RecentErrors(10);
    recent.add({
      time: 1,
      source: 'http.server',
      where: 'GET /x',
      type: '500',
      message: 'boom',
      errorSeverity: 'low',
    });
    const on = await serve(reg, recent);
    try {
      const base = (u: string) => u.replace(/\/metrics$/, '');
      assert.equal((await fetch(`${base(off.url)}/errors`)).status, 404);
      const list = (await (await fetch(`${base(on.url)}/errors?limit=5`)).json()) as Array<{ type: string }>;
      assert.deepEqual(
        list.map((e) => e.type),
        ['500'],
      );
    } finally {
      off.server.close();
      on.server.close();
    }
  });
});
