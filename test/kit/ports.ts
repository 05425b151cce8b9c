/**
 * The one free-port finder every package's tests use (the shared test kit). The port is released
 * before it is returned, so a test binds it right away; until then nothing else should take it:
 * - it is picked below the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), where
 *   the kernel never puts the source port of an outgoing connection or a port-0 listener, which a
 *   port the kernel picked (listening on port 0) would be exposed to;
 * - a process walks the range from a place of its own (parallel test processes start apart), so
 *   it hands out no port twice before it has gone round all of them.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The lowest ephemeral port (Linux's default when the file cannot be read). */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 2048 ? low : 32768;
  } catch {
    return 32768;
  }
}

const HIGH = ephemeralStart();
const LOW = Math.max(1024, HIGH - 12_000);
let next = LOW + ((process.pid * 7919 + Math.floor(Math.random() * 1000)) % (HIGH - LOW));

/** Whether 127.0.0.1:`port` can be listened on now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Finds a port on 127.0.0.1 that was free a moment ago, the next one along this process's walk. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < HIGH - LOW; tries++) {
    const port = next;
    next = next + 1 >= HIGH ? LOW : next + 1;
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${LOW} and ${HIGH}`);
}
