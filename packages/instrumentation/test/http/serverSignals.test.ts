import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { eventually, parseExposition, startApp, total } from '../helpers/app.ts';

const COUNT = 'http_server_request_duration_seconds_count';

/** A GET that resolves however it ends; `abortAfterMs` makes the client go away first. */
function get(url: string, abortAfterMs?: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      res.resume();
      res.on('end', () => resolve());
      res.on('error', () => resolve());
    });
    req.on('error', () => resolve());
    if (abortAfterMs) setTimeout(() => req.destroy(), abortAfterMs);
    req.end();
  });
}

describe('responses that never finish', () => {
  it('tells a server timeout and a destroyed response apart from a client that went away', async () => {
    const app = await startApp('timeouts.cjs');
    try {
      await Promise.all([get(`${app.url}/hang`), get(`${app.url}/destroy`), get(`${app.url}/slow`, 500)]);
      await eventually('three unfinished requests recorded', async () => {
        const s = parseExposition(await app.scrape());
        return total(s, COUNT) >= 3;
      });
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/hang', error_type: 'server_timeout' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/destroy', error_type: 'destroyed' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/slow', error_type: 'aborted' }), 1);
      assert.equal(
        total(s, 'app_errors_total', { error_type: 'server_timeout', error_severity: 'medium' }),
        1,
      );
    } finally {
      await app.stop();
    }
  });
});
