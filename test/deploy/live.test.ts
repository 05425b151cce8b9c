/**
 * The proof that deploy assets work on real data: a fixture shop under the preload, real traffic
 * (2xx, 4xx, 5xx, several routes, an outgoing call, business events), a real Prometheus scraping
 * it and evaluating every rule file in deploy/prometheus/rules; then every recording rule, every
 * alerting expression and every dashboard query is run and must return data. The few that cannot
 * on a fresh Prometheus are listed below, each with its reason.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as conventions from '@golden-signals/conventions';
import {
  allDashboards,
  panelQueries,
  substituteVariables,
  variableQueries,
} from '@golden-signals/dashboards';
import { parse } from 'yaml';
import { type RunningPrometheus, startPrometheus } from '../../packages/alerting/test/helpers/prometheus.ts';
import { binary } from '../kit/binaries.ts';
import { freePort } from '../kit/ports.ts';
import { type FixtureApp, startShop } from './helpers/fixtureApp.ts';
import { comparedExpressions, metricNames } from './helpers/promql.ts';
import { ROOT } from './helpers/run.ts';

/** The SLO spec in deploy/alerting/slos.yml is written for the demo shop: be it. */
const SERVICE = 'demo-shop';

/** Grafana variables as a user would pick them. */
const VARIABLES = {
  service_name: SERVICE,
  http_route: '.*',
  checkout_route: '.*checkout.*',
  alerting_job: '.*',
  __rate_interval: '1m',
  __interval: '15s',
  __range: '5m',
};

/** Queries allowed to come back empty on a fresh Prometheus scraping one bare-metal app. */
const MAY_BE_EMPTY: Array<{ match: RegExp; reason: string }> = [
  { match: /offset 1d/, reason: 'compares with yesterday: needs a day of history' },
  {
    match: /cgroup_(cpu|memory)_limit/,
    reason: 'absent where no container limit is set, as on this test machine',
  },
  { match: /\bALERTS\b/, reason: 'has series only while a Prometheus alert is pending or firing' },
  {
    match: /golden_signals_alerting_|alerting_notifications_/,
    reason: "the alerting service's own metrics: the service is not running in this test",
  },
];

function mayBeEmpty(expr: string): boolean {
  return MAY_BE_EMPTY.some((a) => a.match.test(expr));
}

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  severity?: { context?: Array<{ when?: string }> };
}

async function ruleFiles(dir: string): Promise<Array<{ file: string; text: string; rules: Rule[] }>> {
  const files = (await readdir(join(ROOT, dir))).filter((f) => f.endsWith('.yml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(join(ROOT, dir, file), 'utf8');
      const parsed = parse(text) as { groups: Array<{ rules: Rule[] }> };
      return { file, text, rules: parsed.groups.flatMap((g) => g.rules) };
    }),
  );
}

describe('deploy assets against a real Prometheus scraping an app under traffic', { timeout: 90_000 }, () => {
  let app: FixtureApp | undefined;
  let prom: RunningPrometheus | undefined;
  let promFiles: Awaited<ReturnType<typeof ruleFiles>>;
  let engineFiles: Awaited<ReturnType<typeof ruleFiles>>;

  before(async () => {
    promFiles = await ruleFiles('deploy/prometheus/rules');
    engineFiles = await ruleFiles('deploy/alerting/rules');
    const closedPort = await freePort();
    app = await startShop(SERVICE, closedPort);
    // The shipped groups evaluate every 15 s; drop the group interval so the 1 s global one applies.
    const rules = Object.fromEntries(
      promFiles.map((f) => [f.file, f.text.replace(/^\s+interval: .*\n/gm, '')]),
    );
    prom = await startPrometheus({
      binary: binary('prometheus'),
      targets: [],
      rules,
      // Same job names as deploy/prometheus/prometheus.yml: alert rules select on them. The alerting
      // service "runs" on a closed port, so its up series exists and is 0.
      extraConfig: [
        '  - job_name: apps',
        '    static_configs:',
        `      - targets: ["${app.metricsTarget}"]`,
        '  - job_name: golden-signals-alerting',
        '    static_configs:',
        `      - targets: ["127.0.0.1:${closedPort}"]`,
      ].join('\n'),
    });
    const base = app.url;
    const hit = (path: string, method = 'GET') => fetch(`${base}${path}`, { method }).then((r) => r.text());
    // Traffic runs until every recording rule has recorded data, polled, however long a loaded
    // machine needs (a fixed 6 s once held too few failed checkouts for rate() to see two samples).
    let trafficOn = true;
    const traffic = (async () => {
      for (let i = 0; trafficOn; i++) {
        await Promise.all([
          hit('/'),
          hit(`/products/${i % 7}`),
          hit('/cart', 'POST'),
          hit('/checkout', 'POST'),
          hit('/signup', 'POST'),
          hit('/nowhere'),
        ]);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      // Recording rules that read other recording rules need one more evaluation after those
      // exist: each recorded series is awaited in turn, the error ratio until it is above 0.
      await prom.waitFor(
        `service:http_server_error_ratio:rate5m{service_name="${SERVICE}"}`,
        (v) => v > 0,
        30_000,
      );
      for (const f of promFiles)
        for (const r of f.rules)
          if (r.record && !mayBeEmpty(r.expr)) await prom.waitFor(r.record, () => true, 30_000);
    } finally {
      trafficOn = false;
      await traffic;
    }
  });

  after(async () => {
    await prom?.stop();
    await app?.stop();
  });

  async function assertData(what: string, expr: string): Promise<void> {
    const result = await prom!.query(expr).catch((e: Error) => {
      throw new Error(`${what}: query failed: ${e.message}\n${expr}`);
    });
    if (!mayBeEmpty(expr)) assert.ok(result.length > 0, `${what} returned no data:\n${expr}`);
  }

  it('every recording rule in deploy/prometheus/rules returns data, and so does its recorded series', async () => {
    let n = 0;
    for (const f of promFiles) {
      for (const r of f.rules.filter((x) => x.record)) {
        await assertData(`${f.file} ${r.record}`, r.expr);
        await assertData(`${f.file} ${r.record} (recorded)`, r.record!);
        n++;
      }
    }
    assert.ok(n >= Object.keys(conventions.RECORDING_RULES).length);
  });

  it('every Prometheus alerting rule runs, and what each threshold is compared with returns data', async () => {
    for (const f of promFiles) {
      for (const r of f.rules.filter((x) => x.alert)) {
        await prom!.query(r.expr);
        const sides = comparedExpressions(r.expr);
        assert.ok(sides.length > 0, `${r.alert}: expected a comparison with a threshold`);
        for (const side of sides) await assertData(`${f.file} ${r.alert}`, side);
      }
    }
  });

  it('every alerting-service rule expression and context condition runs, and the signal returns data', async () => {
    let n = 0;
    for (const f of engineFiles) {
      for (const r of f.rules.filter((x) => x.alert)) {
        // The engine's expressions carry no comparison: the severity tiers are the threshold.
        await assertData(`${f.file} ${r.alert}`, r.expr);
        for (const c of r.severity?.context ?? []) {
          if (!c.when) continue;
          await prom!.query(c.when);
          for (const side of comparedExpressions(c.when)) await assertData(`${f.file} ${r.alert} when`, side);
        }
        n++;
      }
    }
    assert.ok(n >= 5, `expected the default rules, found ${n}`);
  });

  it('every dashboard panel query returns data with the template variables substituted', async () => {
    let n = 0;
    for (const { dashboard } of allDashboards()) {
      for (const q of panelQueries(dashboard)) {
        await assertData(`${q.dashboard} / ${q.panel} ${q.refId}`, substituteVariables(q.expr, VARIABLES));
        n++;
      }
    }
    assert.ok(n >= 40);
  });

  it('every dashboard variable lists the fixture service or its values', async () => {
    for (const { dashboard } of allDashboards()) {
      for (const v of variableQueries(dashboard)) {
        const m = /^label_values\((.*),\s*(\w+)\)$/.exec(v.query);
        assert.ok(m, v.query);
        const expr = `count by (${m[2]}) (${substituteVariables(m[1]!, VARIABLES)})`;
        await assertData(`${dashboard.title} $${v.name}`, expr);
      }
    }
  });

  it('every metric name used in deploy/ and the dashboards is declared in conventions or served on /metrics', async () => {
    const declared = new Set<string>(['up', 'ALERTS', 'ALERTS_FOR_STATE']);
    for (const value of Object.values(conventions)) {
      if (
        value &&
        typeof value === 'object' &&
        'prometheus' in value &&
        typeof value.prometheus === 'string'
      ) {
        const spec = value as conventions.InstrumentSpec;
        declared.add(spec.prometheus);
        if (spec.kind === 'histogram')
          for (const s of ['_bucket', '_sum', '_count']) declared.add(spec.prometheus + s);
      }
    }
    for (const name of Object.values(conventions.RECORDING_RULES)) declared.add(name);
    for (const name of Object.values(conventions.ALERTING_METRICS)) {
      for (const s of ['', '_bucket', '_sum', '_count']) declared.add(name + s);
    }
    // Rules generated by other packages (business funnel, SLOs) define their own recorded names.
    for (const f of promFiles) for (const r of f.rules) if (r.record) declared.add(r.record);

    const served = await fetch(`http://${app!.metricsTarget}/metrics`).then((r) => r.text());
    const live = new Set([...served.matchAll(/^([a-zA-Z_:][\w:]*)[{ ]/gm)].map((m) => m[1]!));

    const used: Array<{ where: string; expr: string }> = [
      ...promFiles.flatMap((f) =>
        f.rules.map((r) => ({ where: `deploy/prometheus/rules/${f.file}`, expr: r.expr })),
      ),
      ...engineFiles.flatMap((f) =>
        f.rules.flatMap((r) => [
          { where: `deploy/alerting/rules/${f.file}`, expr: r.expr },
          ...(r.severity?.context ?? []).flatMap((c) =>
            c.when ? [{ where: `deploy/alerting/rules/${f.file}`, expr: c.when }] : [],
          ),
        ]),
      ),
      ...allDashboards().flatMap(({ dashboard }) =>
        panelQueries(dashboard).map((q) => ({
          where: `dashboard ${q.dashboard}`,
          expr: substituteVariables(q.expr, VARIABLES),
        })),
      ),
    ];
    const unknown: string[] = [];
    for (const u of used) {
      for (const name of metricNames(u.expr))
        if (!declared.has(name) && !live.has(name)) unknown.push(`${u.where}: ${name}`);
    }
    assert.deepEqual([...new Set(unknown)], []);
  });
});
