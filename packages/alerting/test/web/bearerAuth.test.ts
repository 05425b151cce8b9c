import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { isLoopback, mayWrite, refusal } from '../../src/web/bearerAuth.ts';

const req = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;

test('on loopback anyone local may write; off loopback only the right bearer token may', () => {
  assert.equal(mayWrite(req(), { loopback: true }), true);
  assert.equal(mayWrite(req(), { loopback: false, token: 's3cret' }), false);
  assert.equal(mayWrite(req('Bearer wrong!'), { loopback: false, token: 's3cret' }), false);
  assert.equal(mayWrite(req('Bearer s3cret'), { loopback: false, token: 's3cret' }), true);
});

test('off loopback without a token every write is refused, and the refusal says why', () => {
  assert.equal(mayWrite(req('Bearer anything'), { loopback: false }), false);
  assert.match(refusal({ loopback: false }), /no token is set/);
  assert.match(refusal({ loopback: false, token: 'x' }), /wrong bearer token/);
});

test('loopback means 127.0.0.0/8, ::1 and localhost, nothing else', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.equal(isLoopback(h), true, h);
  for (const h of ['0.0.0.0', '10.0.0.1', 'example.org', '::']) assert.equal(isLoopback(h), false, h);
});
