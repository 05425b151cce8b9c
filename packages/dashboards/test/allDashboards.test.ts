import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Panel, RowPanel } from '@grafana/schema';
import { parser } from '@prometheus-io/lezer-promql';
import { allDashboards } from '../src/allDashboards.ts';
import { panelQueries, substituteVariables, variableQueries } from '../src/queries.ts';

/** How panels refer to the data source: the `datasource` variable in Grafana's syntax. */
const VIA_VARIABLE = { type: 'prometheus', uid: ['$', '{datasource}'].join('') };
const GRAFANA_VARS = { __rate_interval: '1m', __interval: '15s', __range: '1h' };

/** Lezer marks syntax errors with error nodes (⚠) instead of throwing. */
function promqlErrors(expr: string): number {
  let errors = 0;
  parser.parse(expr).iterate({
    enter: (n) => {
      if (n.type.isError) errors++;
    },
  });
  return errors;
}

describe('allDashboards', () => {
  const dashboards = allDashboards().map((d) => d.dashboard);

  it('gives every dashboard a unique uid and a datasource variable first, then service_name', () => {
    const uids = dashboards.map((d) => d.uid);
    assert.equal(new Set(uids).size, uids.length);
    for (const d of dashboards) {
      const names = (d.templating?.list ?? []).map((v) => v.name);
      assert.equal(names[0], 'datasource', `${d.title}: the datasource variable comes first`);
      assert.equal(names[1], 'service_name', `${d.title}: service_name is the second variable`);
    }
  });

  it('points every panel and query variable at the datasource variable, never at a fixed uid', () => {
    for (const d of dashboards) {
      for (const p of d.panels ?? []) {
        if (p.type === 'row') continue;
        assert.deepEqual((p as Panel).datasource, VIA_VARIABLE, `${d.title}/${p.title}`);
        for (const t of (p as Panel).targets ?? []) {
          assert.deepEqual(t.datasource, VIA_VARIABLE, `${d.title}/${p.title}`);
        }
      }
      for (const v of d.templating?.list ?? []) {
        if (v.type === 'query') assert.equal(v.datasource?.uid, VIA_VARIABLE.uid, `${d.title}: $${v.name}`);
      }
    }
  });

  it('filters every panel query by the service_name variable unless it reads no service', () => {
    // Only the alerting service's own health panels read series without service_name.
    for (const d of dashboards) {
      for (const q of panelQueries(d)) {
        if (d.uid === 'golden-signals-alerts' && !q.expr.includes('ALERTS')) continue;
        assert.match(q.expr, /service_name=~"\$service_name"/, `${q.dashboard}/${q.panel} ${q.refId}`);
      }
    }
  });

  it('writes every panel and variable query in valid PromQL once variables are substituted', () => {
    let count = 0;
    for (const d of dashboards) {
      const values = {
        ...GRAFANA_VARS,
        service_name: '.*',
        http_route: '.*',
        checkout_route: '.*',
        alerting_job: '.*',
      };
      for (const q of panelQueries(d)) {
        const expr = substituteVariables(q.expr, values);
        assert.doesNotMatch(expr, /\$/, `${q.dashboard}/${q.panel}: a variable was left unsubstituted`);
        assert.equal(promqlErrors(expr), 0, `${q.dashboard}/${q.panel} ${q.refId}: ${expr}`);
        count++;
      }
      for (const v of variableQueries(d)) {
        const inner = /^label_values\((.*),\s*\w+\)$/.exec(v.query)?.[1];
        assert.ok(inner, `${d.title}: $${v.name} is a label_values(metric, label) query`);
        assert.equal(promqlErrors(substituteVariables(inner, values)), 0, `${d.title}: $${v.name}`);
      }
    }
    assert.ok(count >= 40, `expected the four dashboards to hold at least 40 queries, found ${count}`);
  });

  it('lays panels out on the 24-column grid without overlaps and with unique ids', () => {
    for (const d of dashboards) {
      const ids = new Set<number>();
      const cells = new Set<string>();
      for (const p of d.panels ?? []) {
        const id = (p as Panel | RowPanel).id;
        assert.ok(typeof id === 'number' && !ids.has(id), `${d.title}: duplicate or missing id ${id}`);
        ids.add(id);
        const g = p.gridPos!;
        assert.ok(g.x >= 0 && g.x + g.w <= 24, `${d.title}/${p.title} is wider than the grid`);
        for (let x = g.x; x < g.x + g.w; x++) {
          for (let y = g.y; y < g.y + g.h; y++) {
            assert.ok(!cells.has(`${x},${y}`), `${d.title}/${p.title} overlaps another panel at ${x},${y}`);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});

describe('substituteVariables', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${name} syntax is what is tested.
  it('replaces both $name and ${name}, longest names first', () => {
    assert.equal(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${name} syntax is what is tested.
      substituteVariables('rate(x{a=~"$a", b="${a}"}[$__range]) $__range_s', {
        a: '.*',
        __range: '5m',
        __range_s: '300',
      }),
      'rate(x{a=~".*", b=".*"}[5m]) 300',
    );
  });
});
