import { FieldColorModeId, ThresholdsMode } from '@grafana/schema';
import { DATASOURCE } from '../datasource.ts';
import { CURRENCY, countsEvents, currencyOverrides } from './fieldDefaults.ts';
import type { PanelOptions, PanelSpec } from './panelSpec.ts';
import { type QuerySpec, targets } from './target.ts';

/** A colour step: the value from which a colour applies. The first step's value is ignored. */
export interface Step {
  readonly color: string;
  readonly value: number | null;
}

/** Options of {@link stat}. */
export interface StatOptions extends PanelOptions {
  readonly query: QuerySpec;
  /** Colour steps, lowest first (e.g. green, then orange from 0.02, red from 0.05). */
  readonly steps?: readonly Step[];
}

/** A single big number (one per series) with a sparkline and threshold colours. */
export function stat(opts: StatOptions): PanelSpec {
  return {
    w: opts.w ?? 6,
    h: opts.h ?? 4,
    panel: {
      type: 'stat',
      title: opts.title,
      description: opts.description,
      datasource: DATASOURCE,
      targets: targets([opts.query]),
      fieldConfig: {
        defaults: {
          unit: opts.unit === CURRENCY ? 'short' : (opts.unit ?? 'short'),
          ...(countsEvents([opts.query].map((q) => q.expr)) ? { noValue: '0' } : {}),
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: (opts.steps ?? [{ color: 'green', value: null }]).map((s) => ({ ...s })),
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: opts.unit === CURRENCY ? currencyOverrides() : [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'value',
        graphMode: 'area',
        textMode: 'auto',
        justifyMode: 'auto',
        orientation: 'auto',
      },
    },
  };
}
