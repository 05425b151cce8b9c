import { DATASOURCE } from '../datasource.ts';
import type { PanelOptions, PanelSpec } from './panelSpec.ts';
import { targets } from './target.ts';

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends PanelOptions {
  /** A `sum by (le) (rate(..._bucket[...]))` query: one series per bucket boundary. */
  readonly expr: string;
}

/**
 * A latency heatmap straight from the histogram's buckets (`format: heatmap`, no recalculation),
 * so it shows the distribution the app measured, bimodal shapes included, which p99 alone hides.
 */
export function heatmap(opts: HeatmapOptions): PanelSpec {
  return {
    w: opts.w ?? 12,
    h: opts.h ?? 8,
    panel: {
      type: 'heatmap',
      title: opts.title,
      description: opts.description,
      datasource: DATASOURCE,
      targets: targets([{ expr: opts.expr, legend: '{{le}}' }], { format: 'heatmap' }),
      options: {
        calculate: false,
        cellGap: 1,
        color: { mode: 'scheme', scheme: 'Oranges', exponent: 0.5, steps: 64, reverse: false },
        yAxis: { axisPlacement: 'left', unit: opts.unit ?? 's' },
        rowsFrame: { layout: 'auto' },
        tooltip: { mode: 'single', yHistogram: true },
        legend: { show: true },
      },
      fieldConfig: { defaults: {}, overrides: [] },
    },
  };
}
