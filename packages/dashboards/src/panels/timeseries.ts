import { DATASOURCE } from '../datasource.ts';
import { CURRENCY, countsEvents, currencyOverrides } from './fieldDefaults.ts';
import type { PanelOptions, PanelSpec } from './panelSpec.ts';
import { type QuerySpec, targets } from './target.ts';

/** Options of {@link timeseries}. */
export interface TimeseriesOptions extends PanelOptions {
  readonly queries: readonly QuerySpec[];
  /** Stack the series (for parts of a whole, e.g. requests by status code). */
  readonly stack?: boolean;
  readonly min?: number;
  readonly max?: number;
}

/** A time-series graph, legend as a table with last and max so the numbers read without hovering. */
export function timeseries(opts: TimeseriesOptions): PanelSpec {
  return {
    w: opts.w ?? 12,
    h: opts.h ?? 8,
    panel: {
      type: 'timeseries',
      title: opts.title,
      description: opts.description,
      datasource: DATASOURCE,
      targets: targets(opts.queries),
      fieldConfig: {
        defaults: {
          unit: opts.unit === CURRENCY ? 'short' : (opts.unit ?? 'short'),
          ...(countsEvents(opts.queries.map((q) => q.expr)) ? { noValue: '0' } : {}),
          min: opts.min,
          max: opts.max,
          custom: {
            drawStyle: 'line',
            lineWidth: 1,
            fillOpacity: opts.stack ? 30 : 10,
            showPoints: 'never',
            spanNulls: false,
            stacking: { mode: opts.stack ? 'normal' : 'none', group: 'A' },
          },
        },
        overrides: opts.unit === CURRENCY ? currencyOverrides() : [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'bottom',
          showLegend: true,
          calcs: ['lastNotNull', 'max'],
        },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },
  };
}
