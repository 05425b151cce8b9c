/**
 * The engine's logger: one JSON line per event on stderr (pino's shape, without the dependency),
 * with secrets redacted so a webhook URL or token in a field or message never reaches a log.
 */

/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What every part of the alerting service logs through. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

import { redact, redactText } from './redact.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Lowest level written (default `info`, or GOLDEN_SIGNALS_LOG_LEVEL). */
  level?: LogLevel;
  /** Where lines go (default process.stderr). */
  write?: (line: string) => void;
  /** Fields added to every line. */
  base?: LogFields;
  now?: () => number;
}

/** Creates a JSON-lines logger. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const envLevel = process.env.GOLDEN_SIGNALS_LOG_LEVEL as LogLevel | undefined;
  const min = LEVELS[opts.level ?? (envLevel && envLevel in LEVELS ? envLevel : 'info')];
  const write = opts.write ?? ((line: string) => process.stderr.write(line));
  const now = opts.now ?? Date.now;
  const emit = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    const record = {
      time: new Date(now()).toISOString(),
      level,
      msg: redactText(msg),
      ...(redact({ ...opts.base, ...fields }) as LogFields),
    };
    try {
      write(`${JSON.stringify(record)}\n`);
    } catch {
      // A closed stderr must not take the engine down.
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
