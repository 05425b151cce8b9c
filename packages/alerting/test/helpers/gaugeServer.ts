/**
 * A tiny HTTP server exposing gauges in the Prometheus text format, whose values the test sets.
 * Plain text exposition, so alerting tests do not depend on the instrumentation preload.
 */
import { createServer, type Server } from 'node:http';

/** A running exposition server. */
export interface GaugeServer {
  /** `127.0.0.1:port`, ready to put in scrape targets. */
  readonly target: string;
  /** Sets `name{labels} value`; labels default to none. */
  set(name: string, value: number, labels?: Record<string, string>): void;
  close(): Promise<void>;
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startGaugeServer(): Promise<GaugeServer> {
  const series = new Map<string, { name: string; line: string }>();
  const server: Server = createServer((_req, res) => {
    const byName = new Map<string, string[]>();
    for (const { name, line } of series.values()) byName.set(name, [...(byName.get(name) ?? []), line]);
    let body = '';
    for (const [name, lines] of byName) body += `# TYPE ${name} gauge\n${lines.join('\n')}\n`;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    target: `127.0.0.1:${port}`,
    set(name, value, labels = {}) {
      const ls = Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',');
      const key = `${name}{${ls}}`;
      series.set(key, { name, line: `${key} ${value}` });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
