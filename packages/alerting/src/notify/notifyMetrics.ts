import {
  type InstrumentSpec,
  NOTIFY_FAILED,
  NOTIFY_OUTBOX_DEPTH,
  NOTIFY_RETRIES,
  NOTIFY_SENT,
  NOTIFY_SUPPRESSED,
  SERVICE_NAME_LABEL,
  STATE_WRITABLE,
  STATE_WRITE_FAILURES,
} from '@golden-signals/conventions';
import { renderFamily } from '../shared/promText.ts';
import { stateWrites } from '../shared/stateWrites.ts';

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
    out.push(stateText());
    return out.join('');
  }
}

/** The state-dir health (shared/stateWrites.ts): failed writes by code (ENOSPC, EROFS at 0 from the start) and whether writes succeed. */
function stateText(): string {
  const byCode = stateWrites.failuresByCode();
  for (const code of ['ENOSPC', 'EROFS', 'EACCES']) if (!byCode.has(code)) byCode.set(code, 0);
  const service = [SERVICE_NAME_LABEL, SERVICE] as const;
  return (
    renderFamily(
      STATE_WRITE_FAILURES.prometheus,
      'counter',
      STATE_WRITE_FAILURES.description,
      [...byCode].map(([code, value]) => ({ labels: [service, ['error_code', code] as const], value })),
    ) +
    renderFamily(STATE_WRITABLE.prometheus, 'gauge', STATE_WRITABLE.description, [
      { labels: [service], value: stateWrites.anyUnhealthy() ? 0 : 1 },
    ])
  );
}
