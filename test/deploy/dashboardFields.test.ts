/**
 * What the dashboards show a person, beyond "the query returns data": zero instead of "No data"
 * for counters before their first event, the error-ratio stat's colours at the alerting
 * service's own tiers, money in its currency, and seconds-per-second as a share of time.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allDashboards } from '@golden-signals/dashboards';
import type { Panel } from '@grafana/schema';
import { parse } from 'yaml';
import { profileTiers } from '../../packages/alerting/src/core/severity.ts';
import { ROOT } from './helpers/run.ts';

function panel(title: string): Panel {
  for (const { dashboard } of allDashboards())
    for (const p of dashboard.panels ?? []) if (p.title === title) return p as Panel;
  throw new Error(`no panel "${title}"`);
}

describe('dashboard fields', () => {
  it('shows 0, not "No data", where a counter has not counted yet', () => {
    for (const title of [
      'Errors by type and class',
      'Business events',
      'Revenue, last 24 h',
      'Requests by status code',
    ])
      assert.equal(panel(title).fieldConfig?.defaults?.noValue, '0', title);
    // A quantile without traffic is unknown, not 0.
    assert.equal(panel('Latency p50 / p95 / p99').fieldConfig?.defaults?.noValue, undefined);
  });

  it('turns the error-ratio stat orange at warning and red at critical, as the alerting service pages', async () => {
    const file = parse(await readFile(join(ROOT, 'deploy/alerting/rules/golden-signals.yml'), 'utf8')) as {
      groups: Array<{
        rules: Array<{
          alert: string;
          severity: { threshold: number; profile: 'error_rate'; direction: 'above' };
        }>;
      }>;
    };
    const rule = file.groups.flatMap((g) => g.rules).find((r) => r.alert === 'HTTPErrorRatio')!;
    const tiers = profileTiers(rule.severity.profile, rule.severity.threshold, rule.severity.direction);
    const steps = panel('Error ratio').fieldConfig?.defaults?.thresholds?.steps ?? [];
    const at = (color: string) => steps.find((s) => s.color === color)?.value;
    assert.equal(at('orange'), tiers.find((t) => t.severity === 'warning')!.threshold);
    assert.equal(at('red'), tiers.find((t) => t.severity === 'critical')!.threshold);
  });

  it('shows revenue in the currency of each series', () => {
    for (const title of [
      'Revenue per hour: today vs yesterday',
      'Revenue, last 24 h',
      'Revenue at risk per hour',
    ]) {
      const overrides = panel(title).fieldConfig?.overrides ?? [];
      const unitFor = (name: string) =>
        overrides.find((o) => {
          const m = /^\/(.*)\/(\w*)$/.exec(String(o.matcher.options))!;
          return new RegExp(m[1]!, m[2]).test(name);
        })?.properties[0]?.value;
      assert.equal(unitFor('today USD'), 'currencyUSD', title);
      assert.equal(unitFor('eur'), 'currencyEUR', title);
      assert.equal(unitFor('yesterday GBP'), 'currencyGBP', title);
    }
  });

  it('shows seconds per second (throttling, GC pauses) as a share of time, not as seconds', () => {
    for (const title of ['CPU throttling', 'Share of time in GC pauses, by kind'])
      assert.equal(panel(title).fieldConfig?.defaults?.unit, 'percentunit', title);
  });
});
