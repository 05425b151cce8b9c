import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prometheusAlertTemplate, TemplateError } from '../src/index.ts';
import { PARSE_DIFFERENCES_242, RENDER_DIFFERENCES_242 } from './fixtures/differences242.ts';
import * as T from './fixtures/templates.ts';
import { oracleSkipReason, runOracle } from './helpers/oracle.ts';
import * as P from './helpers/promtool.ts';

const skip = oracleSkipReason() ?? P.promtoolSkipReason();
if (skip) console.log(`# skipping the promtool 2.42 comparison: ${skip}`);

// promtool's test harness has no externalURL, query data or fixed clock for templates: leave those out.
const TEXTS = [...T.ACTIONS, ...T.MORE, ...T.FORMATS, ...T.PROMETHEUS_FUNCS, ...T.ERRORS].filter(
  (t) => !/externalURL|pathPrefix|\bnow\b|query/.test(t),
);

describe("Debian's promtool 2.42 against 3.16 (the version we follow)", { skip }, () => {
  it('check rules: 2.42 reports our parse error text, except where 2.42 lacks a feature', () => {
    const errors = P.promtoolParseErrors(TEXTS);
    assert.ok(errors.size > 20, 'promtool found too few parse errors; did it run?');
    const differing: string[] = [];
    for (const [i, msg] of errors) {
      const ours = prometheusAlertTemplate(TEXTS[i]!, `Rule${i}`);
      if (!(ours instanceof TemplateError) || ours.message !== msg) differing.push(TEXTS[i]!);
    }
    assert.deepEqual(differing.sort(), Object.keys(PARSE_DIFFERENCES_242).sort());
  });

  it('test rules: annotations 2.42 renders differently from 3.16 are exactly the documented ones', () => {
    const errors = P.promtoolParseErrors(TEXTS);
    const texts = TEXTS.filter((_, i) => !errors.has(i));
    const go = runOracle(
      texts.map((text, i) => ({
        name: `Rule${i}`,
        text,
        labels: P.PROMTOOL_SERIES_LABELS,
        externalLabels: P.PROMTOOL_EXTERNAL.labels,
        externalURL: P.PROMTOOL_EXTERNAL.url,
        value: '1500',
        nowMs: P.PROMTOOL_NOW_MS,
      })),
    );
    const differing = P.promtoolDiffering(texts, go.map(P.annotationText));
    assert.ok(
      texts.length - differing.size > 100,
      'too few templates rendered identically; did promtool run?',
    );
    const got = [...differing.keys()].map((i) => texts[i]!).sort();
    assert.deepEqual(got, Object.keys(RENDER_DIFFERENCES_242).sort());
  });
});
