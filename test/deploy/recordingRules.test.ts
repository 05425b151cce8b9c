/**
 * The recording rule names in deploy/prometheus/rules are the ones packages/conventions declares
 * (dashboards, alert rules and the engine import them from there), and the Apdex rule reads the
 * bucket boundaries conventions says it does.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { APDEX, HTTP_DURATION_BUCKETS, RECORDING_RULES } from '@golden-signals/conventions';
import { parse } from 'yaml';
import { ROOT } from './helpers/run.ts';

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ record?: string; alert?: string; expr: string }> }>;
}

async function rules(file: string): Promise<RuleFile['groups'][number]['rules']> {
  const f = parse(await readFile(join(ROOT, 'deploy/prometheus/rules', file), 'utf8')) as RuleFile;
  return f.groups.flatMap((g) => g.rules);
}

describe('recording rules and conventions', () => {
  it('declares in conventions exactly the recording rules golden-signals.yml and saturation.yml define', async () => {
    const defined = [...(await rules('golden-signals.yml')), ...(await rules('saturation.yml'))]
      .map((r) => r.record)
      .filter((r): r is string => !!r)
      .sort();
    assert.deepEqual(defined, Object.values(RECORDING_RULES).sort());
  });

  it('names every recording rule level:metric:operations', () => {
    for (const name of Object.values(RECORDING_RULES))
      assert.match(name, /^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/, name);
  });

  it('computes Apdex from bucket boundaries that exist, at T and 4T', async () => {
    assert.equal(APDEX.tolerating, APDEX.satisfied * 4);
    assert.ok(
      HTTP_DURATION_BUCKETS.includes(APDEX.satisfied) && HTTP_DURATION_BUCKETS.includes(APDEX.tolerating),
    );
    const apdex = (await rules('golden-signals.yml')).filter((r) => r.record?.includes('apdex'));
    assert.equal(apdex.length, 2);
    for (const r of apdex) {
      assert.ok(
        r.expr.includes(`le="${APDEX.satisfied}"`) && r.expr.includes(`le="${APDEX.tolerating}"`),
        r.record,
      );
    }
  });

  it('reads only recording rules that exist from the plain alerting rules', async () => {
    const known = new Set<string>(Object.values(RECORDING_RULES));
    for (const r of await rules('alerts.yml')) {
      for (const m of r.expr.matchAll(/[a-z_]+:[a-z0-9_]+:[a-z0-9_]+/g))
        assert.ok(known.has(m[0]), `${r.alert} reads ${m[0]}`);
    }
  });
});
