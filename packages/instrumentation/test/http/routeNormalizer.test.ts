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
    assert.equal(r.normalize('/%E0%A4%A'), '/%E0%A4%A', 'undecodable input is kept, not thrown');
  });

  it('caches URLs that are their own route and never URLs with ids, so memory stays flat', () => {
    const r = n();
    for (let i = 0; i < 10_000; i++) r.normalize(`/api/users/${i}`);
    assert.equal(r.cachedUrls, 0);
    r.normalize('/health');
    r.normalize('/health');
    assert.equal(r.cachedUrls, 1);
  });

  it('folds new routes past maxRoutes into _overflow but keeps the ones it knows', () => {
    const r = new RouteNormalizer({ maxRoutes: 2 });
    assert.equal(r.normalize('/a'), '/a');
    assert.equal(r.normalize('/b'), '/b');
    assert.equal(r.normalize('/c'), '_overflow');
    assert.equal(r.normalize('/a?again'), '/a');
    assert.equal(r.admit('/framework/:route'), '_overflow');
  });
});
