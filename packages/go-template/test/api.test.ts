import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALERT_TEMPLATE_HEADER,
  alertTemplateData,
  execute,
  expandAlertTemplate,
  parseTemplate,
  prometheusAlertTemplate,
  prometheusFuncs,
  stringMap,
  TemplateError,
} from '../src/index.ts';
import { oracleSkipReason, runOracle } from './helpers/oracle.ts';

const skip = oracleSkipReason();

describe('parseTemplate', () => {
  it('returns a TemplateError with the line of the mistake, never throws', () => {
    const res = parseTemplate('ok\n{{ if .X }}\n{{ .Y | nosuch }}{{ end }}', { name: 'n' });
    assert.ok(res instanceof TemplateError);
    assert.equal(res.line, 3);
    assert.equal(res.column, 8, 'the column of `nosuch`');
    assert.equal(res.templateName, 'n');
    assert.match(res.message, /^template: n:3: function "nosuch" not defined$/);
  });

  it('knows functions given at parse time, and Go builtins without being told', () => {
    const funcs = { shout: { params: ['string'] as const, call: (s: unknown) => `${s}!` } };
    assert.ok(
      !(parseTemplate('{{ shout "a" | printf "%s" }}', { name: 'n', funcs }) instanceof TemplateError),
    );
  });

  it('prometheusAlertTemplate reports what promtool check rules reports (same text as Go)', { skip }, () => {
    const text = '{{ $labels.instance }} is {{ humanize $value';
    const ours = prometheusAlertTemplate(text, 'HighLoad');
    const go = runOracle([{ name: 'HighLoad', text, value: '1' }])[0]!;
    assert.ok(ours instanceof TemplateError);
    assert.equal(`error parsing template __alert_HighLoad: ${ours.message}`, go.error);
  });
});

describe('execute', () => {
  it('awaits an async query function and passes it the evaluation time', async () => {
    const calls: [string, number][] = [];
    const funcs = prometheusFuncs({
      nowMs: 1_700_000_000_000,
      externalURL: 'http://p:9090',
      query: async (q, t) => {
        calls.push([q, t]);
        await new Promise((r) => setTimeout(r, 5));
        return [{ labels: { job: 'a' }, value: 0.25 }];
      },
    });
    const tpl = parseTemplate('{{ with query "up" }}{{ . | first | value | humanizePercentage }}{{ end }}', {
      name: 'q',
      funcs,
    });
    assert.ok(!(tpl instanceof TemplateError));
    assert.equal(await execute(tpl, null, { funcs }), '25%');
    assert.deepEqual(calls, [['up', 1_700_000_000_000]]);
  });

  it('turns a failing query into Go-style `error calling query:` instead of throwing', async () => {
    const funcs = prometheusFuncs({
      nowMs: 0,
      externalURL: '',
      query: async () => Promise.reject(new Error('down')),
    });
    const tpl = parseTemplate('{{ query "up" }}', { name: 'q', funcs });
    assert.ok(!(tpl instanceof TemplateError));
    const out = await execute(tpl, null, { funcs });
    assert.ok(out instanceof TemplateError);
    assert.match(out.message, /^template: q:1:3: executing "q" at <query "up">: error calling query: down$/);
    assert.equal(out.column, 3);
  });

  it('gives the template the alert data Prometheus gives it', async () => {
    const data = alertTemplateData({ job: 'api' }, { cluster: 'c1' }, 'http://p/', 2);
    const tpl = parseTemplate(
      `${ALERT_TEMPLATE_HEADER}{{ $labels.job }} {{ $externalLabels.cluster }} {{ $externalURL }} {{ $value }}`,
      { name: 'd' },
    );
    assert.ok(!(tpl instanceof TemplateError));
    assert.equal(await execute(tpl, data), 'api c1 http://p/ 2');
    assert.equal(stringMap({ a: 'b' }).entries.get('a'), 'b');
  });
});

describe('expandAlertTemplate', () => {
  it('gives the text Prometheus stores when a template fails: <error expanding template: ...>', {
    skip,
  }, async () => {
    const text = '{{ if eq $value 0 }}zero{{ end }}';
    const res = await expandAlertTemplate(text, { ruleName: 'R', labels: {}, value: 1, nowMs: 0 });
    const go = runOracle([{ name: 'R', text, value: '1' }])[0]!;
    assert.equal(res.ok, false);
    assert.ok(!res.ok);
    assert.equal(res.error, go.error);
    assert.equal(res.text, `<error expanding template: ${go.error}>`);
  });

  it('renders one alert annotation like Prometheus', { skip }, async () => {
    const text = '{{ $labels.instance }} at {{ $value | humanize }} ({{ $externalLabels.cluster }})';
    const input = {
      ruleName: 'R',
      labels: { instance: 'h:1' },
      externalLabels: { cluster: 'eu' },
      value: 12345.678,
    };
    const res = await expandAlertTemplate(text, { ...input, nowMs: 0 });
    const go = runOracle([
      { name: 'R', text, labels: input.labels, externalLabels: input.externalLabels, value: '12345.678' },
    ])[0]!;
    assert.deepEqual(res, { ok: true, text: go.output });
  });
});
