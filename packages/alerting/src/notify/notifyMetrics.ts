import {
  type InstrumentSpec,
  NOTIFY_FAILED,
  NOTIFY_OUTBOX_DEPTH,
  NOTIFY_RETRIES,
  NOTIFY_SENT,
  NOTIFY_SUPPRESSED,
} from '@golden-signals/conventions';
import { renderFamily } from '../shared/promText.ts';

const SERVICE = 'golden-signals-alerting';

/**
 * The pipeline's counters, rendered as Prometheus text. Label values are receiver and integration
 * names and short reasons only, never a URL. The engine appends this text to its own /metrics.
 */
export class NotifyMetrics {
  readonly #series = new Map<InstrumentSpec, Map<string, number>>();
  #gauges: () => Array<{ labels: string[]; value: number }> = () => [];

  /** Adds 1 to a counter; `labels` follow the spec's attribute order. */
  inc(spec: InstrumentSpec, labels: readonly string[], by = 1): void {
    let m = this.#series.get(spec);
    if (!m) {
      m = new Map();
      this.#series.set(spec, m);
    }
    const key = JSON.stringify(labels);
    m.set(key, (m.get(key) ?? 0) + by);
  }

  /** Exports a series at 0 until it counts, so `increase()` sees its first step (Prometheus can't see a 0 -> 1 it never scraped). */
  declare(spec: InstrumentSpec, labels: readonly string[]): void {
    this.inc(spec, labels, 0);
  }

  get(spec: InstrumentSpec, labels: readonly string[]): number {
    return this.#series.get(spec)?.get(JSON.stringify(labels)) ?? 0;
  }

  /** Where the outbox depth gauge reads from. */
  outboxDepth(read: () => Array<{ labels: string[]; value: number }>): void {
    this.#gauges = read;
  }

  /** Prometheus text of every counter and the outbox depth gauge. */
  text(): string {
    const family = (spec: InstrumentSpec, rows: Array<[string[], number]>) =>
      renderFamily(
        spec.prometheus,
        spec.kind === 'counter' ? 'counter' : 'gauge',
        spec.description,
        rows.map(([labels, value]) => ({
          labels: spec.labels.map((name, i) => [name, i === 0 ? SERVICE : (labels[i - 1] ?? '')] as const),
          value,
        })),
      );
    const out: string[] = [];
    for (const spec of [NOTIFY_SENT, NOTIFY_FAILED, NOTIFY_RETRIES, NOTIFY_SUPPRESSED]) {
      const rows = [...(this.#series.get(spec) ?? new Map<string, number>())].map(
        ([k, v]) => [JSON.parse(k) as string[], v] as [string[], number],
      );
      out.push(family(spec, rows));
    }
    out.push(
      family(
        NOTIFY_OUTBOX_DEPTH,
        this.#gauges().map((g) => [g.labels, g.value]),
      ),
    );
    return out.join('');
  }
}
