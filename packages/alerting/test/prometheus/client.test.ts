/**
 * The client against a real HTTP server on 127.0.0.1: a "success" carrying null samples is a
 * bad response (state held), never NaN alerts; VictoriaMetrics gets the query args that make its
 * answers current, other servers do not.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPrometheusClient, type Flavour, QueryError } from '../../src/prometheus/client.ts';

async function server(answer: unknown) {
  const bodies: string[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { url, bodies, close: () => new Promise<void>((r) => s.close(() => r())) };
}

test('a success answer with null sample values fails as bad_response instead of yielding NaN', async (t) => {
  const srv = await server({
    status: 'success',
    data: {
      resultType: 'vector',
      result: [
        { metric: { job: 'a' }, value: null },
        { metric: { job: 'b' }, value: [1, null] },
      ],
    },
  });
  t.after(srv.close);
  const client = createPrometheusClient({ url: srv.url });
  await assert.rejects(
    client.query('up'),
    (e: unknown) => e instanceof QueryError && e.kind === 'bad_response',
  );
});

test('"NaN" is a real NaN sample, as Prometheus evaluates it', async (t) => {
  const srv = await server({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'NaN'] }] },
  });
  t.after(srv.close);
  const [s] = await createPrometheusClient({ url: srv.url }).query('up');
  assert.ok(Number.isNaN(s?.value));
});

for (const flavour of ['victoriametrics', 'prometheus', 'thanos', 'mimir'] as Flavour[]) {
  test(`flavour ${flavour}: latency_offset=0s and nocache=1 only for VictoriaMetrics`, async (t) => {
    const srv = await server({ status: 'success', data: { resultType: 'vector', result: [] } });
    t.after(srv.close);
    await createPrometheusClient({ url: srv.url, flavour }).query('up', 1_700_000_000_000);
    const params = new URLSearchParams(srv.bodies[0]);
    assert.equal(params.get('time'), '1700000000');
    const vm = flavour === 'victoriametrics';
    assert.equal(params.get('latency_offset'), vm ? '0s' : null);
    assert.equal(params.get('nocache'), vm ? '1' : null);
  });
}
