import { ATTR, HTTP_SERVER_DURATION, labelName, SERVICE_NAME_LABEL } from '@golden-signals/conventions';
import type { ContextSnapshot } from './types.ts';

/** Instant query, as the engine's Prometheus client offers it. */
export type QueryFn = (promql: string) => Promise<Array<{ labels: Record<string, string>; value: number }>>;

/** A page must not wait on a slow Prometheus: the snapshot is a nicety, the page is not. */
const SNAPSHOT_TIMEOUT_MS = 2000;

/** The PromQL of the three golden signals of one service over the last 5 minutes. */
export function snapshotQueries(service: string): { rate: string; errorRatio: string; p99: string } {
  const base = HTTP_SERVER_DURATION.prometheus;
  const sel = `${SERVICE_NAME_LABEL}=${JSON.stringify(service)}`;
  const status = labelName(ATTR.HTTP_RESPONSE_STATUS_CODE);
  const rate = `sum(rate(${base}_count{${sel}}[5m]))`;
  return {
    rate,
    errorRatio: `sum(rate(${base}_count{${sel},${status}=~"5.."}[5m])) / ${rate}`,
    p99: `histogram_quantile(0.99, sum by (le) (rate(${base}_bucket{${sel}}[5m])))`,
  };
}

/**
 * The golden signals of `service` right now. Each number is left out when its query fails, times
 * out or returns nothing (NaN included: a service with no traffic has no error ratio).
 */
export async function contextSnapshot(query: QueryFn, service: string): Promise<ContextSnapshot> {
  const q = snapshotQueries(service);
  const one = async (promql: string): Promise<number | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), SNAPSHOT_TIMEOUT_MS);
    });
    try {
      const rows = await Promise.race([query(promql), timeout]);
      const v = rows?.[0]?.value;
      return v !== undefined && Number.isFinite(v) ? v : undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };
  const [requestRate, errorRatio, p99Seconds] = await Promise.all([
    one(q.rate),
    one(q.errorRatio),
    one(q.p99),
  ]);
  return { service, requestRate, errorRatio, p99Seconds };
}
