import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bannerLines } from '../../src/runner/banner.ts';

const base = {
  alertingUrl: 'http://127.0.0.1:1',
  prometheusUrl: 'http://127.0.0.1:2',
  shopUrl: 'http://127.0.0.1:3',
  metricsPort: 4,
  realSlack: false,
};

test('the banner says where to look and, before anything happens, that Ctrl-C stops the demo', () => {
  const text = bannerLines({ ...base, once: false }).join('\n');
  assert.match(text, /Status page: {2}http:\/\/127\.0\.0\.1:1\//);
  assert.match(text, /Prometheus: {3}http:\/\/127\.0\.0\.1:2/);
  assert.match(text, /Ctrl-C stops everything/);
  assert.match(bannerLines({ ...base, once: true }).join('\n'), /exits; Ctrl-C stops it early/);
});
