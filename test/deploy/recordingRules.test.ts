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

  it('computes Apdex from bucket boundaries that exist, at T and 4T, under the 2.x and the 3.x spelling of le', async () => {
    assert.equal(APDEX.tolerating, APDEX.satisfied * 4);
    assert.ok(
      HTTP_DURATION_BUCKETS.includes(APDEX.satisfied) && HTTP_DURATION_BUCKETS.includes(APDEX.tolerating),
    );
    const apdex = (await rules('golden-signals.yml')).filter((r) => r.record?.includes('apdex'));
    assert.equal(apdex.length, 2);
    for (const r of apdex) {
      const matchers = [...r.expr.matchAll(/le(=~?)("(?:[^"\\]|\\.)*")/g)].map((m) => ({
        op: m[1],
        value: JSON.parse(m[2]!) as string,
      }));
      for (const bound of [APDEX.satisfied, APDEX.tolerating]) {
        // Prometheus 2 stores le as the exposition wrote it; Prometheus 3 as Go formats a float.
        for (const spelling of [String(bound), Number.isInteger(bound) ? `${bound}.0` : String(bound)]) {
          const hit = matchers.some((m) =>
            m.op === '=' ? m.value === spelling : new RegExp(`^(?:${m.value})$`).test(spelling),
          );
          assert.ok(hit, `${r.record} selects no bucket le="${spelling}"`);
        }
      }
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
