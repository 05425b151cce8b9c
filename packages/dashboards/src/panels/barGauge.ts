import { FieldColorModeId, ThresholdsMode } from '@grafana/schema';
import { DATASOURCE } from '../datasource.ts';
import { countsEvents } from './fieldDefaults.ts';
import type { PanelOptions, PanelSpec } from './panelSpec.ts';
import type { Step } from './stat.ts';
import { type QuerySpec, targets } from './target.ts';

/** Options of {@link barGauge}. */
export interface BarGaugeOptions extends PanelOptions {
  readonly queries: readonly QuerySpec[];
  readonly steps?: readonly Step[];
  readonly min?: number;
  readonly max?: number;
}

/** Horizontal bars of current values (instant queries): funnels, saturation per resource. */
export function barGauge(opts: BarGaugeOptions): PanelSpec {
  return {
    w: opts.w ?? 12,
    h: opts.h ?? 8,
    panel: {
      type: 'bargauge',
      title: opts.title,
      description: opts.description,
      datasource: DATASOURCE,
      targets: targets(opts.queries, { instant: true }),
      fieldConfig: {
        defaults: {
          unit: opts.unit ?? 'short',
          ...(countsEvents(opts.queries.map((q) => q.expr)) ? { noValue: '0' } : {}),
          min: opts.min,
          max: opts.max,
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: (opts.steps ?? [{ color: 'blue', value: null }]).map((s) => ({ ...s })),
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        orientation: 'horizontal',
        displayMode: 'gradient',
        showUnfilled: true,
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      },
    },
  };
}
