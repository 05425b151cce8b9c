/**
 * The demo's prometheus.yml from its template (deploy/alerting/demo/prometheus.yml): the ports the
 * runner picked, and the recording and alerting rules of deploy/prometheus/rules, the same files a
 * deployment loads, so every dashboard panel that reads a recording rule has data in the demo too.
 */
import { join } from 'node:path';

/** Where the demo's Prometheus scrapes and what it loads. */
export interface DemoPrometheusTargets {
  /** `host:port` of the shop's /metrics. */
  readonly shopMetrics: string;
  /** `host:port` of the alerting service's /metrics. */
  readonly alerting: string;
  /** The repository root: rules are read from `<root>/deploy/prometheus/rules`. */
  readonly root: string;
}

/** Replaces the template's `__NAME__` placeholders; a placeholder left over is an error. */
export function renderPrometheusConfig(template: string, t: DemoPrometheusTargets): string {
  const out = template
    .replaceAll('__SHOP_METRICS__', t.shopMetrics)
    .replaceAll('__ALERTING__', t.alerting)
    .replaceAll('__PROMETHEUS_RULES__', join(t.root, 'deploy/prometheus/rules'));
  // Comments may name the placeholders; a value that still holds one would be a broken target.
  const left = /^[^#\n]*?(__[A-Z_]+__)/m.exec(out);
  if (left) throw new Error(`deploy/alerting/demo/prometheus.yml: unknown placeholder ${left[1]}`);
  return out;
}
