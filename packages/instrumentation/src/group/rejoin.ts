import { connect } from 'node:net';

/** Longest a new owner holds its first answer for the former group to come back. */
const REJOIN_MAX_MS = 5000;
/** How often the processes still awaited are checked for being alive. */
const ALIVE_POLL_MS = 100;

/** Whether the process of a member id (`pid` or `pid.thread`) is alive; unknown counts as alive. */
export function isAlive(id: string): boolean {
  const pid = Number.parseInt(id, 10);
  if (!(pid > 0)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether something listens on a socket path (the heir's beacon). */
function probe(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(path);
    sock.unref();
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/**
 * When a new owner of the port may answer its first scrape: once the group it inherits is back.
 * The former owner's counts come back with its heir, and every other process it served comes back
 * with its own; a scrape before that would read their counters as gone, which rate() takes for a
 * reset. The new owner knows whom to wait for from the roster (its own, if it was a member, and
 * every returning member's), and whether an heir is alive from the heir's socket, which is the
 * one thing a process that never was a member (a respawned worker that won the port) can see.
 * With no heir and no roster there is nothing to wait for: the port answers at once.
 */
export class Rejoin {
  /** Resolves when the first merge may run. */
  readonly ready: Promise<void>;
  private readonly self: string;
  private readonly expected = new Set<string>();
  private readonly back = new Set<string>();
  private probed = false;
  private heirAlive = false;
  private heirBack = false;
  private done = false;
  private finish: () => void = () => {};
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(self: string, roster: readonly string[] | undefined, heirPath: string, maxMs = REJOIN_MAX_MS) {
    this.self = self;
    this.ready = new Promise((r) => {
      this.finish = r;
    });
    this.addRoster(roster);
    this.timers.push(
      setTimeout(() => this.end(), maxMs),
      setInterval(() => this.check(), ALIVE_POLL_MS),
    );
    for (const t of this.timers) t.unref();
    probe(heirPath).then((alive) => {
      this.probed = true;
      this.heirAlive = alive;
      this.check();
    });
  }

  /** A process joined: `roster` is what it knew of the former group, `heir` whether it holds the heirloom. */
  hello(id: string, roster: readonly string[] | undefined, heir: boolean): void {
    this.back.add(id);
    if (heir) this.heirBack = true;
    this.addRoster(roster);
    this.check();
  }

  private addRoster(roster: readonly string[] | undefined): void {
    for (const id of roster ?? []) if (id !== this.self && !this.back.has(id)) this.expected.add(id);
  }

  private check(): void {
    if (this.done || !this.probed) return;
    for (const id of this.expected) if (this.back.has(id) || !isAlive(id)) this.expected.delete(id);
    if (this.expected.size === 0 && (this.heirBack || !this.heirAlive)) this.end();
  }

  private end(): void {
    this.done = true;
    for (const t of this.timers) clearTimeout(t);
    this.finish();
  }
}
