import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getRegistry, shutdown } from '../src/index.ts';
import { current } from '../src/instrumentation.ts';

describe('GOLDEN_SIGNALS_DISABLED', () => {
  it('holds for the API too: recordings are accepted, nothing listens or exports', async () => {
    process.env.GOLDEN_SIGNALS_DISABLED = 'true';
    try {
      const reg = getRegistry();
      const inst = current()!;
      assert.equal(await inst.metricsUrl, undefined);
      assert.deepEqual(inst.options.exporters, []);
      assert.equal(inst.options.httpServer, false);
      assert.ok(reg, 'callers still get a registry to record into');
    } finally {
      delete process.env.GOLDEN_SIGNALS_DISABLED;
      await shutdown();
    }
  });
});
