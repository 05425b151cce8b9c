// Where Prometheus 2.42 (Debian's promtool) and 3.16 disagree, we follow 3.16;
// the differences are listed in the test log (and summed up in the README).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parsePromql } from '../src/index.ts';
import { HOSTILE_CASES } from './fixtures/hostileCases.ts';
import { corpusFiles, ruleExprs } from './helpers/cases.ts';
import { prometheusVerdicts } from './helpers/oracle.ts';
import { hasPromtool, promtoolVerdicts } from './helpers/promtool.ts';

test('where promtool 2.42 and Prometheus 3.16 disagree, our verdict is 3.16', {
  skip: !hasPromtool(),
}, (t) => {
  const corpus = corpusFiles().flatMap((f) => ruleExprs(f, parseAllDocuments));
  // Multi-line strings would need YAML block scalars; JSON-quoted they stay one line.
  const exprs = [...corpus, ...HOSTILE_CASES];
  const old = promtoolVerdicts(exprs);
  const now = prometheusVerdicts(exprs);
  const differences: string[] = [];
  exprs.forEach((e, i) => {
    if (old[i] === now[i]?.ok) return;
    differences.push(
      `${JSON.stringify(e)}: 2.42 ${old[i] ? 'accepts' : 'rejects'}, 3.16 ${now[i]?.ok ? 'accepts' : 'rejects'}`,
    );
    assert.equal(parsePromql(e).ok, now[i]?.ok, e);
  });
  const corpusDiffs = exprs.slice(0, corpus.length).filter((_, i) => old[i] !== now[i]?.ok).length;
  t.diagnostic(
    `${differences.length} of ${exprs.length} expressions differ (${corpusDiffs} of ${corpus.length} from the corpora)`,
  );
  for (const d of differences) t.diagnostic(d);
  assert.ok(differences.length > 0, 'expected 2.42 and 3.16 to differ somewhere (e.g. number offsets)');
});
