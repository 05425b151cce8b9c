import assert from 'node:assert/strict';
import { once } from 'node:events';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { describe, it } from 'node:test';
import { eventually, find, parseExposition, startApp, total } from './helpers/app.ts';

const COUNT = 'http_server_request_duration_seconds_count';

async function get(url: string): Promise<number> {
  const res = await fetch(url);
  await res.text();
  return res.status;
}

describe('route templates from frameworks', () => {
  it('takes express routes, mount paths included, and the class of a thrown error', async () => {
    const app = await startApp('express.cjs');
    try {
      await get(`${app.url}/api/users/42`);
      await get(`${app.url}/api/users/abc`);
      await get(`${app.url}/api/users/42/orders/9`);
      assert.equal(await get(`${app.url}/boom`), 500);
      assert.equal(await get(`${app.url}/async-boom`), 500);
      assert.equal(await get(`${app.url}/forbidden`), 403);
      assert.equal(await get(`${app.url}/api/users/3/explode`), 500);
      const s = parseExposition(await app.scrape());
      assert.equal(
        total(s, COUNT, { http_route: '/api/users/:id/explode', error_type: 'SyntaxError' }),
        1,
        'an error leaving a mounted router keeps the mount path',
      );
      assert.equal(total(s, COUNT, { http_route: '/api/users/:id', http_response_status_code: '200' }), 2);
      assert.equal(total(s, COUNT, { http_route: '/api/users/:id/orders/:orderId' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/boom', error_type: 'TypeError' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/async-boom', error_type: 'RangeError' }), 1);
      const forbidden = find(s, COUNT, { http_route: '/forbidden', http_response_status_code: '403' });
      assert.equal(forbidden.length, 1);
      assert.equal(
        forbidden[0]!.labels.error_type,
        undefined,
        'an exception answered with a 4xx is no server error',
      );
      assert.equal(total(s, 'app_errors_total', { error_type: 'TypeError', http_route: '/boom' }), 1);
    } finally {
      await app.stop();
    }
  });

  it('takes express 4 routes and thrown error classes, also when an error middleware answers', async () => {
    const app = await startApp('express4.cjs');
    try {
      assert.equal(await get(`${app.url}/ok/1`), 200);
      assert.equal(await get(`${app.url}/api/boom/7`), 500);
      assert.equal(await get(`${app.url}/api/ledger`), 502);
      assert.equal(await get(`${app.url}/api/forbidden`), 403);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/ok/:id', http_response_status_code: '200' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/api/boom/:id', error_type: 'TypeError' }), 1);
      assert.equal(total(s, COUNT, { http_route: '/api/ledger', error_type: 'LedgerError' }), 1);
      const forbidden = find(s, COUNT, { http_route: '/api/forbidden' });
      assert.equal(forbidden[0]?.labels.error_type, undefined, 'a 4xx is no server error');
    } finally {
      await app.stop();
    }
  });

  it('takes koa routes from @koa/router and the class of a thrown error, in an ES module app', async () => {
    const app = await startApp('koa.mjs', { flag: '--import' });
    try {
      await get(`${app.url}/shop/items/sku-1`);
      await get(`${app.url}/shop/items/sku-2`);
      assert.equal((await fetch(`${app.url}/shop/orders`, { method: 'POST' })).status, 500);
      assert.equal(await get(`${app.url}/shop/secret`), 403);
      assert.equal(await get(`${app.url}/nowhere/42`), 404);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/shop/items/:sku', http_response_status_code: '200' }), 2);
      assert.equal(total(s, COUNT, { http_route: '/shop/orders', error_type: 'InventoryError' }), 1);
      const secret = find(s, COUNT, { http_route: '/shop/secret', http_response_status_code: '403' });
      assert.equal(secret.length, 1);
      assert.equal(secret[0]!.labels.error_type, undefined);
      assert.equal(total(s, COUNT, { http_route: '/nowhere/:id' }), 1, 'unmatched paths are normalised');
    } finally {
      await app.stop();
    }
  });

  it('takes fastify routes and the class of a thrown error from its diagnostics channels', async () => {
    const app = await startApp('fastify.cjs');
    try {
      await get(`${app.url}/products/sku-1`);
      await get(`${app.url}/products/sku-2`);
      assert.equal(await get(`${app.url}/checkout`), 500);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/products/:sku' }), 2);
      assert.equal(total(s, COUNT, { http_route: '/checkout', error_type: 'PaymentDeclinedError' }), 1);
      assert.equal(
        total(s, 'app_errors_total', { error_type: 'PaymentDeclinedError', http_route: '/checkout' }),
        1,
      );
    } finally {
      await app.stop();
    }
  });
});

describe('route templates for tenants, static files and early replies', () => {
  for (const fixture of ['express.cjs', 'express4.cjs']) {
    it(`${fixture}: a mount with a param stays a template, a mount without routes folds below it`, async () => {
      const app = await startApp(fixture);
      try {
        for (const org of ['acme', 'globex', 'initech'])
          assert.equal(await get(`${app.url}/orgs/${org}/members/m${org}`), 200);
        assert.equal(await get(`${app.url}/static/plain.cjs`), 200);
        assert.equal(await get(`${app.url}/static/koa.mjs`), 200);
        const s = parseExposition(await app.scrape());
        assert.equal(total(s, COUNT, { http_route: '/orgs/:orgId/members/:memberId' }), 3);
        assert.equal(total(s, COUNT, { http_route: '/static/*' }), 2);
        const routes = new Set(find(s, COUNT).map((x) => x.labels.http_route));
        for (const r of routes) assert.doesNotMatch(r!, /acme|globex|initech|plain\.cjs|koa\.mjs/);
      } finally {
        await app.stop();
      }
    });
  }

  it('fastify: an onRequest reply and a validation 400 carry the route fastify matched', async () => {
    const app = await startApp('fastify.cjs');
    try {
      assert.equal(await get(`${app.url}/accounts/alice`), 401);
      assert.equal(await get(`${app.url}/accounts/bob`), 401);
      assert.equal(await get(`${app.url}/orders/not-a-number`), 400);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/accounts/:name', http_response_status_code: '401' }), 2);
      assert.equal(total(s, COUNT, { http_route: '/orders/:id', http_response_status_code: '400' }), 1);
    } finally {
      await app.stop();
    }
  });
});

describe('bad input never hurts the app', () => {
  // The cap arithmetic (exactly maxRoutes kept, 404s on their own budget, one warning) is the
  // RouteNormalizer unit test's; this end-to-end test proves what only the real hook shows: the
  // app survives absurd URLs and the cap holds on the exported series. 300 distinct paths are 6x
  // the cap, as telling as 10,000 and 30 s shorter.
  it('keeps series bounded under 300 distinct paths (6x the cap) and absurd URLs', async () => {
    const app = await startApp('plain.cjs', { env: { GOLDEN_SIGNALS_MAX_ROUTES: '50' } });
    try {
      const weird = [
        `/${'a'.repeat(5000)}`,
        '/%E0%A4%A',
        '/a/../../etc/passwd',
        `/${'x/'.repeat(300)}`,
        '/quote"back\\slash\nnewline',
      ];
      for (const p of weird) await fetch(`${app.url}${p}`).then((r) => r.text());
      // Distinct words, in parallel batches to keep the test short.
      const batches = 3;
      for (let batch = 0; batch < batches; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            fetch(`${app.url}/page-${batch}x${i}/view`).then((r) => r.text()),
          ),
        );
      }
      assert.equal(await get(`${app.url}/still/alive`), 200);
      const s = parseExposition(await app.scrape());
      const routes = new Set(find(s, COUNT).map((x) => x.labels.http_route));
      assert.ok(routes.size <= 51, `${routes.size} routes exported`);
      assert.ok(routes.has('_overflow'));
      assert.equal(total(s, COUNT), batches * 100 + weird.length + 1, 'every request is still counted');
    } finally {
      await app.stop();
    }
  });

  it('warns about invalid settings, names the variable and what it expected, and uses safe defaults', async () => {
    const app = await startApp('plain.cjs', {
      env: {
        GOLDEN_SIGNALS_MAX_ROUTES: 'lots',
        GOLDEN_SIGNALS_HTTP_CLIENT: 'perhaps',
        GOLDEN_SIGNALS_ERROR_SEVERITY: 'ECONNREFUSED=catastrophic',
        OTEL_METRICS_EXPORTER: 'prometheus,carrier-pigeon',
      },
    });
    try {
      assert.equal(await get(`${app.url}/ok`), 200);
      const err = app.stderr();
      assert.match(
        err,
        /GOLDEN_SIGNALS_MAX_ROUTES='lots': expected a whole number from 1 to 100000; using 200/,
      );
      assert.match(err, /GOLDEN_SIGNALS_HTTP_CLIENT='perhaps': expected true or false; using true/);
      assert.match(
        err,
        /GOLDEN_SIGNALS_ERROR_SEVERITY: 'ECONNREFUSED=catastrophic': expected TYPE=low\|medium\|high\|critical/,
      );
      assert.match(err, /unknown exporter 'carrier-pigeon'/);
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/ok' }), 1);
    } finally {
      await app.stop();
    }
  });

  it('keeps serving when user hooks throw, logging each hook once', async () => {
    const app = await startApp('hooks.cjs');
    try {
      for (let i = 0; i < 5; i++) {
        assert.equal(await get(`${app.url}/item/${i}`), 200);
        assert.equal(await get(`${app.url}/fail`), 500);
      }
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT, { http_route: '/item/:id' }), 5, 'the normaliser took over');
      assert.equal(total(s, 'app_errors_total', { error_type: '500', error_severity: 'low' }), 5);
      const err = app.stderr();
      assert.equal(err.match(/route hook threw/g)?.length, 1);
      assert.equal(err.match(/errorSeverity hook threw/g)?.length, 1);
    } finally {
      await app.stop();
    }
  });

  it("counts a second app on a taken metrics port in the first one's scrape", async () => {
    const first = await startApp('plain.cjs');
    try {
      const port = new URL(first.metricsUrl).port;
      const second = await startApp('plain.cjs', { env: { OTEL_EXPORTER_PROMETHEUS_PORT: port } });
      try {
        for (let i = 0; i < 3; i++) assert.equal(await get(`${first.url}/ok`), 200);
        for (let i = 0; i < 4; i++) assert.equal(await get(`${second.url}/ok`), 200);
        await eventually('the join line', () => second.stderr().includes('are served with the others'));
        const s = parseExposition(await first.scrape());
        assert.equal(total(s, COUNT, { http_route: '/ok' }), 7, 'both processes, one port');
      } finally {
        await second.stop();
      }
    } finally {
      await first.stop();
    }
  });

  it('carries on without /metrics when another program holds the port', async () => {
    const squatter = createNetServer((sock) => sock.destroy());
    squatter.listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const port = (squatter.address() as AddressInfo).port;
    try {
      const app = await startApp('plain.cjs', {
        env: { OTEL_EXPORTER_PROMETHEUS_PORT: String(port) },
        noScrape: true,
      });
      try {
        assert.equal(await get(`${app.url}/ok`), 200);
        await eventually('the port warning', () => app.stderr().includes('not golden-signals'), 15_000);
      } finally {
        await app.stop();
      }
    } finally {
      squatter.close();
    }
  });
});
