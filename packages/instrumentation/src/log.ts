/** Log levels, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** The preload's logger: one line to stderr per message, prefixed so it is easy to grep. */
export interface Log {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Logs `msg` at warn level the first time `key` is seen, never again (no log floods). */
  once(key: string, msg: string): void;
}

/** A logger at `level` writing to `write` (stderr by default). */
export function createLog(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Log {
  const seen = new Set<string>();
  const at = (l: LogLevel) => (msg: string) => {
    if (ORDER[l] >= ORDER[level] && level !== 'silent') write(`golden-signals ${l}: ${msg}\n`);
  };
  const warn = at('warn');
  return {
    debug: at('debug'),
    info: at('info'),
    warn,
    error: at('error'),
    once(key, msg) {
      if (seen.has(key) || seen.size > 1000) return;
      seen.add(key);
      warn(msg);
    },
  };
}
