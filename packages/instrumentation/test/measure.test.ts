import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { measure, measured, recentErrors, shutdown, start } from '../src/index.ts';

class DbTimeout extends Error {
  override name = 'DbTimeout';
}

/** The operation series as attributes plus `count`. */
function ops(inst: ReturnType<typeof start>): Promise<Array<Record<string, string | number>>> {
  return inst.registry.read((xs) => {
    const d = xs.find((i) => i.descriptor.name === 'operation.duration');
    return [...(d?.series.values() ?? [])].map((s) => ({ ...s.attributes, count: s.count }));
  });
}

describe('measure()', () => {
  let inst: ReturnType<typeof start>;
  before(() => {
    inst = start({
      exporters: [],
      hostMetrics: false,
      httpServer: false,
      httpClient: false,
      logLevel: 'silent',
    });
  });
  after(() => shutdown());

  it('returns a query-builder thenable unrun, records nothing and says how to fix the call', async (t) => {
    const once = t.mock.method(inst.log, 'once');
    let ran = 0;
    const builder = {
      // biome-ignore lint/suspicious/noThenProperty: a query builder is exactly this
      then(resolve: (v: string) => void) {
        ran++;
        resolve('rows');
      },
    };
    assert.equal(
      measure('db.builder', () => builder),
      builder,
    );
    measure('db.builder', () => builder);
    assert.equal(ran, 0, 'the query did not run');
    assert.deepEqual(
      (await ops(inst)).filter((o) => o['operation.name'] === 'db.builder'),
      [],
    );
    assert.equal(once.mock.callCount(), 2);
    assert.equal(once.mock.calls[0]?.arguments[0], once.mock.calls[1]?.arguments[0], 'one warning key');
    assert.match(
      String(once.mock.calls[0]?.arguments[1]),
      /measure\('db.builder'\).*async \(\) => await query/,
    );
    assert.equal(await measure('db.builder.fixed', async () => await builder), 'rows');
    assert.equal(ran, 1);
  });

  it('returns what a sync or async function returns and times it by outcome', async () => {
    assert.equal(
      measure('sync.op', () => 41 + 1),
      42,
    );
    assert.equal(await measure('async.op', async () => 'done'), 'done');
    const all = await ops(inst);
    assert.deepEqual(
      all.filter((o) => o['operation.name'] === 'async.op'),
      [{ 'operation.name': 'async.op', outcome: 'success', count: 1 }],
    );
  });

  it('rethrows failures unchanged and records them with their error type and class', async () => {
    const err = new DbTimeout('db took too long');
    await assert.rejects(
      measure('db.find', async () => {
        throw err;
      }),
      (e) => e === err,
    );
    assert.throws(() =>
      measure('parse', () => {
        throw new SyntaxError('bad');
      }),
    );
    const all = await ops(inst);
    assert.ok(
      all.some(
        (o) => o['operation.name'] === 'db.find' && o.outcome === 'error' && o['error.type'] === 'DbTimeout',
      ),
    );
    const recent = recentErrors(5);
    assert.equal(recent[0]!.type, 'SyntaxError');
    assert.equal(recent[1]!.type, 'DbTimeout');
    assert.equal(recent[1]!.errorSeverity, 'medium', 'a timeout is medium by default');
  });

  it('wraps functions with measured() keeping this and arguments', async () => {
    const obj = {
      base: 10,
      add: measured('add', function (this: { base: number }, x: number) {
        return this.base + x;
      }),
    };
    assert.equal(obj.add(5), 15);
    assert.ok((await ops(inst)).some((o) => o['operation.name'] === 'add'));
  });
});
