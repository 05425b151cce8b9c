import { connect, type Socket } from 'node:net';
import { WireEncoder } from './compact.ts';
import type { DumpedInstrument } from './dump.ts';
import { type Estate, memberId } from './estate.ts';
import { lineReader, send } from './wire.ts';

/** What a member needs: its own instruments on demand, and what to do when the owner is gone. */
export interface MemberOptions {
  readonly path: string;
  readonly collect: () => Promise<DumpedInstrument[]>;
  /** This member's id in the group; {@link memberId} unless several share one process (tests). */
  readonly id?: string;
  /** Connected: the owner serves this process' metrics from now on. */
  readonly onJoined: () => void;
  /** The owner went away, or never answered: time to try for the port again. */
  readonly onLost: (joined: boolean) => void;
}

/**
 * A process whose metrics the port owner serves: it answers each `collect` with its instruments.
 * Its {@link Estate} (the roster of the owner's last scrape, maybe the owner's heirloom) outlives
 * the connection: its hello gives both to the next owner.
 */
export class GroupMember {
  private readonly sock: Socket;

  constructor(o: MemberOptions, estate: Estate) {
    let joined = false;
    let collected = false;
    const sock = connect(o.path);
    this.sock = sock;
    sock.unref();
    sock.on('connect', () => {
      joined = true;
      const { heirloom, roster, marks } = estate;
      send(sock, { t: 'hello', pid: process.pid, id: o.id ?? memberId(), heirloom, roster, marks });
      o.onJoined();
    });
    const encoder = new WireEncoder();
    lineReader(sock, (msg) => {
      if (msg.t === 'collect') {
        // The owner collects: it had our hello, heirloom included. Kept until now, so that an
        // owner that dies before its first collection leaves the heirloom with us, not nowhere.
        if (!collected) estate.handedOver();
        collected = true;
        if (Array.isArray(msg.roster)) estate.roster = msg.roster.map(String);
        o.collect().then(
          (dump) => send(sock, { t: 'dump', id: msg.id, dump: encoder.encode(dump) }),
          () => send(sock, { t: 'dump', id: msg.id, dump: [] }),
        );
      } else if (msg.t === 'heirloom')
        estate.hold(msg.dump as DumpedInstrument[], msg.marks as Record<string, number> | undefined);
    });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      o.onLost(joined);
    };
    sock.on('error', onLost);
    sock.on('close', onLost);
  }

  close(): void {
    this.sock.destroy();
  }
}
