import { connect, type Socket } from 'node:net';
import { WireEncoder } from './compact.ts';
import type { DumpedInstrument } from './dump.ts';
import { lineReader, send } from './wire.ts';

/** What a member needs: its own instruments on demand, and what to do when the owner is gone. */
export interface MemberOptions {
  readonly path: string;
  readonly collect: () => Promise<DumpedInstrument[]>;
  /** Connected: the owner serves this process' metrics from now on. */
  readonly onJoined: () => void;
  /** The owner went away, or never answered: time to try for the port again. */
  readonly onLost: (heirloom: DumpedInstrument[] | undefined, joined: boolean) => void;
}

/**
 * A process whose metrics the port owner serves: it answers each `collect` with its instruments.
 * It may hold the owner's heirloom (what the owner counted), handed to the next owner.
 */
export class GroupMember {
  private heirloom: DumpedInstrument[] | undefined;
  private readonly sock: Socket;

  constructor(o: MemberOptions, heirloom?: DumpedInstrument[]) {
    this.heirloom = heirloom;
    let joined = false;
    const sock = connect(o.path);
    this.sock = sock;
    sock.unref();
    sock.on('connect', () => {
      joined = true;
      send(sock, { t: 'hello', pid: process.pid, heirloom: this.heirloom });
      this.heirloom = undefined; // the owner keeps it now
      o.onJoined();
    });
    const encoder = new WireEncoder();
    lineReader(sock, (msg) => {
      if (msg.t === 'collect')
        o.collect().then(
          (dump) => send(sock, { t: 'dump', id: msg.id, dump: encoder.encode(dump) }),
          () => send(sock, { t: 'dump', id: msg.id, dump: [] }),
        );
      else if (msg.t === 'heirloom') this.heirloom = msg.dump as DumpedInstrument[];
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      o.onLost(this.heirloom, joined);
    };
    sock.on('error', onLost);
    sock.on('close', onLost);
  }

  close(): void {
    this.sock.destroy();
  }
}
