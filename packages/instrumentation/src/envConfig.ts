import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_SEVERITIES, type ErrorSeverity } from '@golden-signals/conventions';
import { parseSeverityOverrides } from './errors/errorClass.ts';
import type { LogLevel } from './log.ts';
import type { InstrumentationOptions } from './types.ts';

/** Options resolved from environment and code, every field filled. */
export type ResolvedOptions = Required<
  Omit<InstrumentationOptions, 'route' | 'errorSeverity' | 'otlpEndpoint'>
> &
  Pick<InstrumentationOptions, 'route' | 'errorSeverity' | 'otlpEndpoint'>;

/**
 * Reads OTEL_* and GOLDEN_SIGNALS_* variables. An invalid value never throws: it is reported in
 * `warnings` (variable, value, what was expected) and the safe default is used.
 */
export function resolveOptions(
  env: NodeJS.ProcessEnv,
  code: InstrumentationOptions = {},
  cwd = process.cwd(),
): { options: ResolvedOptions; warnings: string[] } {
  const warnings: string[] = [];
  const read = envReader(env, warnings);
  const resourceAttributes = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES ?? '', warnings);
  const options: ResolvedOptions = {
    serviceName:
      code.serviceName ??
      nonEmpty(env.OTEL_SERVICE_NAME) ??
      resourceAttributes['service.name'] ??
      packageName(cwd) ??
      'unknown_service:node',
    resourceAttributes: { ...resourceAttributes, ...code.resourceAttributes },
    exporters: code.exporters ?? resolveExporters(read.list('OTEL_METRICS_EXPORTER'), warnings),
    prometheusHost: code.prometheusHost ?? nonEmpty(env.OTEL_EXPORTER_PROMETHEUS_HOST) ?? 'localhost',
    prometheusPort: code.prometheusPort ?? read.int('OTEL_EXPORTER_PROMETHEUS_PORT', 9464, 0, 65535),
    otlpEndpoint:
      code.otlpEndpoint ??
      nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) ??
      otlpBase(env.OTEL_EXPORTER_OTLP_ENDPOINT),
    otlpIntervalMillis:
      code.otlpIntervalMillis ?? read.int('OTEL_METRIC_EXPORT_INTERVAL', 60000, 100, 86_400_000),
    httpServer: code.httpServer ?? read.bool('GOLDEN_SIGNALS_HTTP_SERVER', true),
    httpClient: code.httpClient ?? read.bool('GOLDEN_SIGNALS_HTTP_CLIENT', true),
    hostMetrics: code.hostMetrics ?? read.bool('GOLDEN_SIGNALS_HOST_METRICS', true),
    gcPauses: code.gcPauses ?? read.bool('GOLDEN_SIGNALS_GC_PAUSES', false),
    globalMeterProvider: code.globalMeterProvider ?? read.bool('GOLDEN_SIGNALS_GLOBAL_METER_PROVIDER', true),
    routes: code.routes ?? read.list('GOLDEN_SIGNALS_ROUTES') ?? [],
    maxRoutes: code.maxRoutes ?? read.int('GOLDEN_SIGNALS_MAX_ROUTES', 200, 1, 100_000),
    cardinalityLimit:
      code.cardinalityLimit ?? read.int('GOLDEN_SIGNALS_CARDINALITY_LIMIT', 2000, 10, 1_000_000),
    errorSeverities: checkSeverities(code.errorSeverities ?? envSeverities(env, warnings), warnings),
    recentErrors: code.recentErrors ?? read.int('GOLDEN_SIGNALS_RECENT_ERRORS', 100, 0, 100_000),
    exposeErrors: code.exposeErrors ?? read.bool('GOLDEN_SIGNALS_EXPOSE_ERRORS', false),
    logLevel: code.logLevel ?? resolveLogLevel(env.GOLDEN_SIGNALS_LOG_LEVEL, warnings),
    route: code.route,
    errorSeverity: code.errorSeverity,
  };
  return { options, warnings };
}

/** Typed readers of variables; each bad value adds one warning and yields the fallback. */
function envReader(env: NodeJS.ProcessEnv, warnings: string[]) {
  return {
    bool(name: string, fallback: boolean): boolean {
      const v = env[name]?.trim().toLowerCase();
      if (v === undefined || v === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      warnings.push(`${name}='${env[name]}': expected true or false; using ${fallback}`);
      return fallback;
    },
    int(name: string, fallback: number, min: number, max: number): number {
      const v = env[name]?.trim();
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      warnings.push(`${name}='${v}': expected a whole number from ${min} to ${max}; using ${fallback}`);
      return fallback;
    },
    list(name: string): string[] | undefined {
      const v = env[name];
      if (v === undefined) return undefined;
      return v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
  };
}

function resolveExporters(names: string[] | undefined, warnings: string[]): Array<'prometheus' | 'otlp'> {
  const exporters: Array<'prometheus' | 'otlp'> = [];
  for (const e of names ?? ['prometheus']) {
    if (e === 'prometheus' || e === 'otlp') exporters.push(e);
    else if (e !== 'none')
      warnings.push(`OTEL_METRICS_EXPORTER: unknown exporter '${e}': expected prometheus, otlp or none`);
  }
  return exporters;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function resolveLogLevel(value: string | undefined, warnings: string[]): LogLevel {
  const level = value?.trim() ?? 'info';
  if ((LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  warnings.push(`GOLDEN_SIGNALS_LOG_LEVEL='${level}': expected one of ${LEVELS.join(', ')}; using info`);
  return 'info';
}

function envSeverities(env: NodeJS.ProcessEnv, warnings: string[]): Record<string, ErrorSeverity> {
  const severity = parseSeverityOverrides(env.GOLDEN_SIGNALS_ERROR_SEVERITY ?? '');
  for (const p of severity.problems) warnings.push(`GOLDEN_SIGNALS_ERROR_SEVERITY: ${p}`);
  return Object.fromEntries(severity.map);
}

/** Drops (with a warning) overrides whose class is not one of ERROR_SEVERITIES. */
function checkSeverities(
  given: Record<string, ErrorSeverity>,
  warnings: string[],
): Record<string, ErrorSeverity> {
  const out: Record<string, ErrorSeverity> = {};
  for (const [k, v] of Object.entries(given)) {
    if ((ERROR_SEVERITIES as readonly string[]).includes(v)) out[k] = v;
    else warnings.push(`errorSeverities.${k}='${v}': expected ${ERROR_SEVERITIES.join('|')}; ignored`);
  }
  return out;
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

/** OTEL_EXPORTER_OTLP_ENDPOINT is a base URL: the metrics path is appended (OTLP exporter spec). */
function otlpBase(v: string | undefined): string | undefined {
  const t = nonEmpty(v);
  return t ? `${t.replace(/\/+$/, '')}/v1/metrics` : undefined;
}

/** `key=value,key=value`, values percent-decoded (OTel resource SDK spec). */
function parseResourceAttributes(text: string, warnings: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES: '${pair.trim()}': expected key=value`);
      continue;
    }
    const key = pair.slice(0, eq).trim();
    try {
      out[key] = decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      out[key] = pair.slice(eq + 1).trim();
    }
  }
  return out;
}

/** The app's package.json name, a better default service name than unknown_service. */
function packageName(cwd: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' && pkg.name ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}
