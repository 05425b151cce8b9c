import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { hostProblem, requestPolicy, writeProblem } from '../../src/web/requestGuard.ts';

const req = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as IncomingMessage;
const json = { 'content-type': 'application/json', host: '127.0.0.1:9095' };

describe('request guard: Host and Origin against the listen address', () => {
  const loopback = requestPolicy({ host: '127.0.0.1', port: 9095 });

  it('a loopback listen answers its own names and refuses any other Host (DNS rebinding)', () => {
    for (const host of ['127.0.0.1:9095', 'localhost:9095', '[::1]:9095'])
      assert.equal(hostProblem(req('GET', { host }), loopback), undefined, host);
    for (const host of ['evil.example', 'evil.example:9095', '127.0.0.1:9096', ''])
      assert.match(hostProblem(req('GET', { host }), loopback) ?? '', /is not this service/, host);
  });

  it('the external URL adds its host and origin', () => {
    const p = requestPolicy({ host: '127.0.0.1', port: 9095, externalUrl: 'https://alerts.example/x' });
    assert.equal(hostProblem(req('GET', { host: 'alerts.example' }), p), undefined);
    const write = req('POST', { ...json, host: 'alerts.example', origin: 'https://alerts.example' });
    assert.equal(writeProblem(write, p, { loopback: true }), undefined);
  });

  it('a wildcard listen reads any Host (scrapers use service names) but still checks writes', () => {
    const any = requestPolicy({ host: '0.0.0.0', port: 9095 });
    assert.equal(hostProblem(req('GET', { host: 'alerting:9095' }), any), undefined);
    assert.match(writeProblem(req('POST', json), any, { loopback: false }) ?? '', /no token is set/);
  });

  it('writes: a cross-origin Origin, a simple content type or a missing token is refused', () => {
    const access = { loopback: true };
    assert.equal(writeProblem(req('POST', json), loopback, access), undefined);
    assert.equal(
      writeProblem(req('POST', { ...json, origin: 'http://127.0.0.1:9095' }), loopback, access),
      undefined,
    );
    assert.match(
      writeProblem(req('POST', { ...json, origin: 'http://127.0.0.1:8000' }), loopback, access) ?? '',
      /cross-origin/,
    );
    assert.match(
      writeProblem(req('POST', { ...json, origin: 'null' }), loopback, access) ?? '',
      /cross-origin/,
    );
    assert.match(
      writeProblem(req('POST', { ...json, 'sec-fetch-site': 'same-site' }), loopback, access) ?? '',
      /cross-origin/,
    );
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ])
      assert.match(
        writeProblem(req('POST', { ...json, 'content-type': type }), loopback, access) ?? '',
        /application\/json/,
        type,
      );
    assert.equal(
      writeProblem(req('DELETE', { host: json.host }), loopback, access),
      undefined,
      'DELETE always needs a preflight',
    );
    const token = { loopback: true, token: 't0k' };
    assert.match(writeProblem(req('POST', json), loopback, token) ?? '', /bearer token/);
    assert.equal(
      writeProblem(req('POST', { host: json.host, authorization: 'Bearer t0k' }), loopback, token),
      undefined,
    );
  });
});
