import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort, parseExposition, startApp, total } from './helpers/app.ts';

const COUNT = 'http_server_request_duration_seconds_count';

describe('living with the app own instruments and SDK', () => {
  it('an app instrument whose name clashes never throws into the app, and is logged once', async () => {
    const app = await startApp('clash.cjs');
    try {
      const body = await (await fetch(`${app.url}/`)).text();
      assert.deepEqual(body.split('\n'), [
        'histogram app.errors:ok',
        'counter http.server.request.duration:ok',
        'counter shop.items:ok',
        'histogram shop.items:ok',
      ]);
      await fetch(`${app.url}/`).then((r) => r.text());
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT), 2, 'our histogram holds only the two requests, not the app counter');
      assert.equal(total(s, 'app_errors_total'), 0, "the app's histogram did not write into our counter");
      assert.equal(total(s, 'shop_items_total'), 2, 'the first shop.items (a counter) is exported');
      for (const name of ['app.errors', 'http.server.request.duration', 'shop.items'])
        assert.equal(app.stderr().split(`instrument "${name}" is not exported`).length - 1, 1, app.stderr());
    } finally {
      await app.stop();
    }
  });

  it('an app with its own NodeSDK and PrometheusExporter: each request counted once, its instruments served with ours', async () => {
    const appExporterPort = await freePort();
    const app = await startApp('own-sdk.cjs', { env: { APP_EXPORTER_PORT: String(appExporterPort) } });
    try {
      for (let i = 0; i < 3; i++) await fetch(`${app.url}/orders/${i}`).then((r) => r.text());
      const s = parseExposition(await app.scrape());
      assert.equal(total(s, COUNT), 3, 'one histogram family, each request once');
      const families = new Set(
        s.filter((x) => x.name === COUNT).map((x) => Object.keys(x.labels).sort().join(',')),
      );
      assert.equal(families.size, 1, `one label set only (no instrumentation-http labels): ${[...families]}`);
      assert.equal(total(s, 'shop_orders_total'), 3, "the app's own counter is served with ours");
      assert.match(app.stderr(), /the app's OpenTelemetry SDK records http\.server\.request\.duration too/);
      assert.equal(app.stderr().split("the app's OpenTelemetry SDK records").length - 1, 1, 'said once');
    } finally {
      await app.stop();
    }
  });
});
