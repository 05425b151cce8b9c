import type { MeterProvider } from '@opentelemetry/api';
import type { RecentError } from './errors/recentErrors.ts';
import { current, start } from './instrumentation.ts';
import type { Registry } from './registry/registry.ts';
import type { InstrumentationOptions } from './types.ts';

/** The newest recorded errors, newest first (empty when instrumentation is not started). */
export function recentErrors(limit = 10): RecentError[] {
  return current()?.signals.recent.list(limit) ?? [];
}

/** Sets the route and errorSeverity hooks of the running instrumentation (starting it if needed). */
export function configure(options: Pick<InstrumentationOptions, 'route' | 'errorSeverity'>): void {
  (current() ?? start()).configure(options);
}

/** The registry every golden-signals metric is recorded in (starting instrumentation if needed). */
export function getRegistry(): Registry {
  return (current() ?? start()).registry;
}

/** An OpenTelemetry MeterProvider whose instruments are exported with the golden signals. */
export function getMeterProvider(): MeterProvider {
  return (current() ?? start()).meterProvider;
}

/** Flushes and stops the running instrumentation, if any. */
export async function shutdown(): Promise<void> {
  await current()?.shutdown();
}
