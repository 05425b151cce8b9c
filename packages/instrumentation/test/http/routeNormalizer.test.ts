import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RouteNormalizer } from '../../src/http/routeNormalizer.ts';

describe('RouteNormalizer', () => {
  const n = () => new RouteNormalizer({ maxRoutes: 100 });

  it('folds numbers, uuids, hex and long tokens into :id and drops the query', () => {
    const r = n();
    assert.equal(r.normalize('/api/users/123'), '/api/users/:id');
    assert.equal(
      r.normalize('/api/users/7f3c9a1e-2b4d-4c6e-9f10-1234567890ab/cart?x=1'),
      '/api/users/:id/cart',
    );
    assert.equal(r.normalize('/blobs/deadbeefcafe1234'), '/blobs/:id');
    assert.equal(r.normalize('/blobs/00000002899b'), '/blobs/:id', 'hex that starts with digits');
    assert.equal(r.normalize('/t/aZ3kQ9xP2mN7bV4c'), '/t/:id');
    assert.equal(r.normalize('/mail/someone@example.org'), '/mail/:id');
    assert.equal(r.normalize('/products/shoes'), '/products/shoes');
    assert.equal(r.normalize(''), '/');
  });

  it('prefers the user route table, with :params and a trailing wildcard', () => {
    const r = new RouteNormalizer({ maxRoutes: 100, routes: ['/shop/:category/:slug', '/static/*'] });
    assert.equal(r.normalize('/shop/shoes/red-runner'), '/shop/:category/:slug');
    assert.equal(r.normalize('/static/js/app.min.js'), '/static/*');
    assert.equal(r.normalize('/shop/shoes'), '/shop/shoes');
  });

  it('caps absurd paths: long segments fold, deep paths end in *', () => {
    const r = n();
    assert.equal(r.normalize(`/${'a'.repeat(500)}`), '/:id');
    assert.equal(r.normalize('/a/b/c/d/e/f/g/h/i/j/k'), '/a/b/c/d/e/f/g/h/*');
    assert.equal(r.normalize('/%E0%A4%A'), '/:id', 'undecodable input folds, never throws');
  });

  it('caches URLs that are their own route and never URLs with ids, so memory stays flat', () => {
    const r = n();
    for (let i = 0; i < 10_000; i++) r.normalize(`/api/users/${i}`);
    assert.equal(r.cachedUrls, 0);
    r.normalize('/health');
    r.normalize('/health');
    assert.equal(r.cachedUrls, 1);
  });

  it('folds new normalised routes past maxRoutes into _overflow, warns once, keeps the ones it knows', () => {
    const folds: string[] = [];
    const r = new RouteNormalizer({ maxRoutes: 2, onFold: (route) => folds.push(route) });
    assert.equal(r.normalize('/a'), '/a');
    assert.equal(r.normalize('/b'), '/b');
    assert.equal(r.normalize('/c'), '_overflow');
    assert.equal(r.normalize('/d'), '_overflow');
    assert.equal(r.normalize('/a?again'), '/a');
    assert.deepEqual(folds, ['/c'], 'one warning, the first time');
    assert.equal(r.admit('/framework/:route'), '/framework/:route', 'framework templates always get in');
  });

  it("a scanner's 404s cannot lock real routes out", () => {
    const r = new RouteNormalizer({ maxRoutes: 200 });
    const letters = (i: number) => i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)]!);
    for (let i = 0; i < 1000; i++) r.normalize(`/probe${letters(i)}/admin`, 404);
    assert.equal(r.normalize('/orders/17', 200), '/orders/:id');
    assert.equal(r.normalize('/probe-new/admin', 404), '_overflow', 'the 404s are the ones bounded');
  });
});

/**
 * Endpoint inference cases: first every case of dd-trace-js's own `calculateHttpEndpoint` tests
 * (packages/dd-trace/test/plugins/util/url.spec.js, read with the search tool; its placeholders
 * `{param:int}`, `{param:hex}` ... are all `:id` here), then ours. Deliberate differences are
 * marked: a single digit is a value here too (`/tier/3` is one tier among many), and a path
 * deeper than 8 segments ends in `/*` instead of losing its tail silently.
 */
const DATADOG_CASES: Array<[string | undefined, string, string?]> = [
  ['/v1/users/12345/posts/67890', '/v1/users/:id/posts/:id'],
  ['/files/a1b2c3d4e5f6/download', '/files/:id/download'],
  ['/api/sessions/a1b2c3d4e5f6', '/api/sessions/:id'],
  ['/search/hello%20world', '/search/:id'],
  ['/api/query/status=active&type=premium', '/api/query/:id'],
  ['/v1/users', '/v1/users'],
  ['/v2/products', '/v2/products'],
  ['', '/'],
  [undefined, '/'],
  ['http://localhost/', '/'],
  ['/', '/'],
  ['http://localhost:3000/users/123', '/users/:id'],
  ['https://api.example.com/v1/items', '/v1/items'],
  ['http://localhost/users/123?sort=asc&limit=10', '/users/:id'],
  ['/api/search?q=test&page=2', '/api/search'],
  ['http://localhost/users/profile', '/users/profile'],
  ['/api/v1/users', '/api/v1/users'],
  ['/users/456/posts/789', '/users/:id/posts/:id'],
  ['/orders/123', '/orders/:id'],
  ['/tier/3/access', '/tier/:id/access', 'Datadog keeps single digits'],
  ['/users/123-456', '/users/:id'],
  ['/users/123_456', '/users/:id'],
  ['/users/123.456', '/users/:id'],
  ['/session/a1b2c3d4e5f6', '/session/:id'],
  ['/token/ABCDEF123456', '/token/:id'],
  ['/hash/deadbeef1234', '/hash/:id'],
  ['/id/a1b2c3-d4e5f6', '/id/:id'],
  ['/uuid/abc123_def456', '/uuid/:id'],
  ['/uuid/abc123.def456', '/uuid/:id'],
  ['/files/this_is_a_very_long_filename_indeed', '/files/:id'],
  ['/filter/foo&bar', '/filter/:id'],
  ['/query/test@example', '/query/:id'],
  ['/path/name=value', '/path/:id'],
  ['/encoded/foo%2Fbar', '/encoded/:id'],
  ['/a/b/c/d/e/f/g/h/i/j/k', '/a/b/c/d/e/f/g/h/*', 'Datadog drops the tail: /a/b/c/d/e/f/g/h'],
  ['/users//123///posts', '/users/:id/posts'],
  ['///api///v1///users', '/api/v1/users'],
];

const OUR_CASES: Array<[string, string]> = [
  ['/users/fce9975', '/users/:id'], // a 7-character commit id
  ['/commits/fce9975a1b', '/commits/:id'],
  ['/cart;jsessionid=0AAB6C8DE415AB12', '/cart'],
  ['/cart;jsessionid=0AAB6C8DE415AB12/items/3', '/cart/items/:id'],
  ['/call/+14155550100', '/call/:id'],
  ['/call/415-555-0100', '/call/:id'],
  ['/call/(415)555-0100', '/call/:id'],
  ['/u/@alice', '/u/:id'],
  ['/mail/someone@example.org', '/mail/:id'],
  ['/reports/2024-01-31', '/reports/:id'],
  ['/reports/31.01.2024', '/reports/:id'],
  ['/reports/2024-01-31T10:00:00Z', '/reports/:id'],
  ['/hosts/192.168.0.1', '/hosts/:id'],
  ['/hosts/2001:db8::1', '/hosts/:id'],
  ['/users/7f3c9a1e-2b4d-4c6e-9f10-1234567890ab', '/users/:id'],
  ['/t/aZ3kQ9xP2mN7bV4c', '/t/:id'],
  ['/api/v2/products/shoes', '/api/v2/products/shoes'],
  ['/static/css/app.css', '/static/css/app.css'],
  ['/blobs/deadbeef', '/blobs/deadbeef'], // no digit: could be a word
];

describe('RouteNormalizer against endpoint inference cases', () => {
  it(`gives every one of ${DATADOG_CASES.length} dd-trace-js cases and ${OUR_CASES.length} of ours the expected template`, () => {
    const wrong: string[] = [];
    for (const [url, want, why] of [...DATADOG_CASES, ...OUR_CASES.map(([u, w]) => [u, w] as const)]) {
      const got = new RouteNormalizer({ maxRoutes: 1000 }).normalize(url);
      if (got !== want) wrong.push(`${url} -> ${got}, expected ${want}${why ? ` (${why})` : ''}`);
    }
    assert.deepEqual(wrong, []);
  });
});
