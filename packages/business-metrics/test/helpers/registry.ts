import type { TestContext } from 'node:test';
import { BUSINESS_EVENTS, BUSINESS_REVENUE } from '@golden-signals/conventions';
import { type Instrument, shutdown, start } from '@golden-signals/instrumentation';

/** A fresh, real instrumentation (no exporter, no HTTP hooks) for one test; shut down after it. */
export function freshInstrumentation(t: TestContext) {
  const inst = start({
    exporters: [],
    hostMetrics: false,
    httpServer: false,
    httpClient: false,
    logLevel: 'silent',
  });
  t.after(() => shutdown());
  return {
    inst,
    events: inst.registry.fromSpec(BUSINESS_EVENTS),
    revenue: inst.registry.fromSpec(BUSINESS_REVENUE),
  };
}

/** The series of an instrument as `{ labels-as-json: value }`, sorted, for whole-state assertions. */
export function seriesOf(instrument: Instrument): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of instrument.series.values()) {
    const keys = Object.keys(s.attributes).sort();
    out[JSON.stringify(Object.fromEntries(keys.map((k) => [k, s.attributes[k]])))] = s.value;
  }
  return out;
}

/** A warn function that remembers what it was told. */
export function warnings() {
  const told: Array<{ key: string; message: string }> = [];
  const warn = (key: string, message: string) => {
    told.push({ key, message });
  };
  return { told, warn };
}
