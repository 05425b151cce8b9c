import { unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { threadId } from 'node:worker_threads';
import type { DumpedInstrument } from './dump.ts';

/** What a process brings to the port when it becomes the owner. */
export interface Inheritance {
  /** What the former owner counted (its own and its departed members'), if this process held it. */
  readonly heirloom?: DumpedInstrument[];
  /** The processes the former owner served at its last scrape, if this process was one of them. */
  readonly roster?: readonly string[];
  /** The former owner's high-water marks of float values (see GroupOwner), with the heirloom. */
  readonly marks?: Record<string, number>;
}

/** This process (and thread) in a metrics group: `pid`, or `pid.threadId` in a worker thread. */
export function memberId(): string {
  return threadId ? `${process.pid}.${threadId}` : String(process.pid);
}

/**
 * The socket the heir listens on: a new owner that can connect to it knows an heirloom is on its
 * way. `exclusive`, so that in a cluster worker it is this process' own socket, not a handle the
 * primary keeps open after the heir is gone.
 */
export function heirSocketPath(groupPath: string): string {
  return groupPath.startsWith('\0') ? `${groupPath}-heir` : groupPath.replace(/\.sock$/, '-heir.sock');
}

/**
 * What one member keeps for whoever owns the port next, across owners: the roster of the processes
 * the owner served at its last scrape (every member has it) and, in one member (the heir), the
 * owner's heirloom. While it holds an heirloom it listens on the heir socket, also in the gap
 * between two owners: that is how a process that never was a member (a respawned worker winning
 * the port) learns that it must wait before its first answer.
 */
export class Estate {
  roster?: readonly string[];
  heirloom?: DumpedInstrument[];
  marks?: Record<string, number>;
  private beacon?: Server;
  private readonly heirPath: string;

  constructor(groupPath: string) {
    this.heirPath = heirSocketPath(groupPath);
  }

  /** The owner made this process its heir (again): keep its latest heirloom. */
  hold(dump: DumpedInstrument[], marks: Record<string, number> | undefined): void {
    this.heirloom = dump;
    this.marks = marks;
    if (this.beacon) return;
    const beacon = createServer((sock) => sock.destroy());
    beacon.on('error', () => {
      // Taken (a former heir not yet told) or not allowed: tried again with the next heirloom.
      if (this.beacon === beacon) this.beacon = undefined;
    });
    if (!this.heirPath.startsWith('\0')) {
      try {
        unlinkSync(this.heirPath); // a dead heir's socket file
      } catch {}
    }
    beacon.listen({ path: this.heirPath, exclusive: true });
    beacon.unref();
    this.beacon = beacon;
  }

  /** The next owner has the heirloom: it came with our hello, and that owner now collects. */
  handedOver(): void {
    this.heirloom = undefined;
    this.marks = undefined;
    this.beacon?.close();
    this.beacon = undefined;
  }

  /** This process owns the port now: what it starts from. */
  take(): Inheritance {
    const inherited = { heirloom: this.heirloom, roster: this.roster, marks: this.marks };
    this.handedOver();
    this.roster = undefined;
    return inherited;
  }

  close(): void {
    this.handedOver();
  }
}
