/**
 * Builds a PromQL selector: `selector('http_server_active_requests', { service_name: '=~"$service_name"' })`
 * gives `http_server_active_requests{service_name=~"$service_name"}`. Matchers keep their order.
 */
export function selector(metric: string, matchers: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(matchers).map(([label, m]) => `${label}${m}`);
  return parts.length ? `${metric}{${parts.join(', ')}}` : metric;
}

/** The matcher every golden-signals query carries: the dashboard's `service_name` variable. */
export const BY_SERVICE = { service_name: '=~"$service_name"' } as const;
