import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as T from './fixtures/templates.ts';
import { tokenSoup } from './fixtures/tokenSoup.ts';
import { compareAll, type Mismatch } from './helpers/compare.ts';
import { corporaDir, corpusAnnotations, corpusCases } from './helpers/corpus.ts';
import { type OracleCase, oracleSkipReason } from './helpers/oracle.ts';

const skip = oracleSkipReason();
if (skip) console.log(`# skipping the Prometheus oracle comparisons: ${skip}`);

const QUERIES: OracleCase['queries'] = {
  up: [
    { labels: { job: 'c', instance: 'i1' }, value: '1' },
    { labels: { job: 'a', instance: 'i2', __value__: 'sv' }, value: '0.25' },
    { labels: { job: 'b' }, value: 'NaN' },
  ],
  none: [],
};

function tableCases(texts: readonly string[], value: string): OracleCase[] {
  return texts.map((text, i) => ({
    name: `Rule${i}`,
    text,
    labels: { job: 'api', instance: 'host.example.com:9090', alertname: 'X' },
    externalLabels: { cluster: 'prod', region: 'eu' },
    externalURL: 'http://prom.example:9090/prefix',
    value,
    nowMs: 1_700_000_000_123,
    queries: QUERIES,
  }));
}

function report(mm: readonly Mismatch[]): string {
  return mm
    .slice(0, 10)
    .map(
      (m) =>
        `${JSON.stringify(m.case.text)} ($value=${m.case.value})\n  go:   ${JSON.stringify(m.go)}\n  ours: ${JSON.stringify(m.ours)}`,
    )
    .join('\n');
}

const GROUPS = {
  ACTIONS: T.ACTIONS,
  MORE: T.MORE,
  FORMATS: T.FORMATS,
  PROMETHEUS_FUNCS: T.PROMETHEUS_FUNCS,
  ERRORS: T.ERRORS,
};

describe('renders what Prometheus 3.16 renders (tools/oracle-template)', { skip }, () => {
  for (const [group, texts] of Object.entries(GROUPS)) {
    it(`${group}: ${texts.length} templates, output and error text identical for $value 1500, 0.5, NaN, -Inf`, async () => {
      const cases = ['1500', '0.5', 'NaN', '-Inf'].flatMap((v) => tableCases(texts, v));
      const mm = await compareAll(cases);
      assert.equal(mm.length, 0, `${mm.length} of ${cases.length} differ:\n${report(mm)}`);
    });
  }

  it('formats 500 pseudo-random values exactly as Go (%g %e %f, humanize*, ties rounded half to even)', async () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const text =
      '{{ $value }}|{{ printf "%.4g|%e|%f|%g|%.2f|%.0f|%10.3e|%+.1f|%v" $value $value $value $value $value $value $value $value $value }}|' +
      '{{ humanize $value }}|{{ humanize1024 $value }}|{{ humanizeDuration $value }}|{{ humanizePercentage $value }}|{{ humanizeTimestamp $value }}';
    const values: string[] = [];
    for (let i = 0; i < 500; i++) {
      const kind = i % 4;
      const x =
        kind === 0
          ? (rand() - 0.5) * 10 ** Math.floor(rand() * 60 - 30)
          : kind === 1
            ? Math.round(rand() * 4000) / 8
            : kind === 2
              ? Math.floor(rand() * 2 ** 40) * (rand() < 0.5 ? 1 : 1000)
              : Number((rand() * 1000).toFixed(Math.floor(rand() * 5)));
      values.push(String(x));
    }
    const cases = values.map((value) => ({ ...tableCases([text], value)[0]!, value }));
    const mm = await compareAll(cases);
    assert.equal(mm.length, 0, `${mm.length} of ${cases.length} differ:\n${report(mm)}`);
  });

  it('parses and runs 3000 random token sequences with the same output or the same error as Go', async () => {
    const cases = tokenSoup(3000).map((text, i) => ({ ...tableCases([text], '1500')[0]!, name: `Soup${i}` }));
    const mm = await compareAll(cases);
    assert.equal(mm.length, 0, `${mm.length} of ${cases.length} differ:\n${report(mm)}`);
  });

  const dir = corporaDir();
  it('renders every annotation (and templated label) of every alerting rule in the rule corpora identically', {
    skip: !dir && 'no rule corpora found',
  }, async () => {
    const templates = corpusAnnotations(dir!);
    assert.ok(templates.length > 100, `only ${templates.length} annotations found in ${dir}`);
    const cases = corpusCases(templates);
    const mm = await compareAll(cases);
    const labels = templates.filter((t) => t.key.startsWith('labels.')).length;
    const what = `${templates.length - labels} annotations + ${labels} templated labels`;
    console.log(
      `# corpus: ${what} x 3 values = ${cases.length} renderings, ${cases.length - mm.length} identical`,
    );
    assert.equal(mm.length, 0, `${mm.length} of ${cases.length} differ:\n${report(mm)}`);
  });
});
