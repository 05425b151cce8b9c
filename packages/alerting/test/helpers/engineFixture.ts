/**
 * The engine fixture the engine and fault-matrix tests share: one `Slow` rule, the engine's
 * settings around it, and a data source whose answer the test sets (the engine's only I/O
 * besides the disk).
 */
import type { EngineSettings } from '../../src/engine/engine.ts';
import { type PrometheusClient, QueryError, type Sample } from '../../src/prometheus/client.ts';
import type { AlertingRule } from '../../src/types.ts';

/** What {@link dataSource} answers: samples, or 'down' for a refused connection. */
export type SourceAnswer = Sample[] | 'down';

/** A stand-in Prometheus whose answer to every query the test sets with `set`. */
export function dataSource(initial: SourceAnswer = []): {
  client: PrometheusClient;
  set(answer: SourceAnswer): void;
} {
  let answer = initial;
  const client: PrometheusClient = {
    async query() {
      if (answer === 'down') throw new QueryError('unreachable', 'connection refused');
      return answer;
    },
    async queryRange() {
      return [];
    },
  };
  return {
    client,
    set: (a) => {
      answer = a;
    },
  };
}

/** The rule: `latency > 1` held for 60 s, severity warning; `over` changes fields (e.g. `forMs: 0`). */
export function slowRule(over: Partial<AlertingRule> = {}): AlertingRule {
  return {
    key: 'g/Slow#0',
    name: 'Slow',
    group: 'g',
    file: 'r.yml',
    line: 1,
    expr: 'latency > 1',
    forMs: 60_000,
    keepFiringForMs: 0,
    labels: { severity: 'warning' },
    annotations: {},
    ...over,
  };
}

/** Engine settings with {@link slowRule}, a 15 s interval and a 30 s data-source grace; `over` replaces fields. */
export function engineSettings(stateDir: string, over: Partial<EngineSettings> = {}): EngineSettings {
  return {
    rules: [slowRule()],
    evaluationIntervalMs: 15_000,
    queryConcurrency: 4,
    datasourceDownGraceMs: 30_000,
    flap: { windowMs: 600_000, maxFlips: 4 },
    resolvedRetentionMs: 600_000,
    stateDir,
    prometheus: {
      url: 'http://127.0.0.1:9',
      timeoutMs: 1000,
      headers: {},
      externalUrl: 'http://127.0.0.1:9',
    },
    ...over,
  };
}
