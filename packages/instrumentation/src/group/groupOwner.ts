import { unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Log } from '../log.ts';
import { WireDecoder, type WireInstrument } from './compact.ts';
import { type DumpedInstrument, keepsAfterExit, Merger } from './dump.ts';
import { lineReader, send } from './wire.ts';

/** A member has this long to answer a collection; after that its last answer is used. */
const ANSWER_TIMEOUT_MS = 3000;
const TAKEOVER_SETTLE_MS = 1000;

type Member = {
  sock: Socket;
  pid: number;
  last?: DumpedInstrument[];
  /** Left the group: its last answer is in the retired counts, never counted twice. */
  gone?: boolean;
  waiting: Map<number, (dump: DumpedInstrument[] | undefined) => void>;
  decoder: WireDecoder;
};

/**
 * The process that owns the metrics port: it listens on the group socket, asks every member for
 * its instruments at each scrape and merges them. What a departed member counted is kept (its last
 * answer's counters and histograms), so an aggregated counter never goes backwards.
 */
export class GroupOwner {
  private readonly members = new Set<Member>();
  private retired = new Merger(Date.now());
  private retiredDump: DumpedInstrument[] = [];
  private nextId = 1;
  private readonly highWater = new Map<string, number>();
  /** The merged view, kept across scrapes so its series and label text are reused. */
  private readonly view = new Merger(Date.now());
  private readonly server: Server;
  private readonly log: Log;

  /**
   * A process that takes the port over from a dead owner waits this long before its first merge:
   * the former owner's other members (one of them holding its counts) rejoin within ~0.2 s, and a
   * scrape in between would read their counters as gone, which rate() takes for a reset.
   */
  private readonly settled: Promise<void>;
  private readonly takeover: boolean;

  constructor(path: string, log: Log, inherited?: DumpedInstrument[], takeover = false) {
    this.log = log;
    this.takeover = takeover;
    this.settled = takeover
      ? new Promise((r) => setTimeout(r, TAKEOVER_SETTLE_MS).unref())
      : Promise.resolve();
    if (inherited) this.retire(inherited);
    this.server = createServer((sock) => this.accept(sock));
    this.server.on('error', (err) =>
      log.once('group-listen', `other processes cannot join this metrics port (${String(err)})`),
    );
    if (!path.startsWith('\0')) {
      try {
        unlinkSync(path); // a stale socket file of a dead owner: we hold the TCP port, so it is ours
      } catch {}
    }
    this.server.listen(path);
    this.server.unref();
  }

  /**
   * No member now, none that left counts behind, nothing inherited, not a takeover: this
   * process' registry is the whole view, and a scrape can render it directly (a dump and merge
   * of it lived through the app's young-generation collections, and V8 grew its heap for them).
   */
  get alone(): boolean {
    return !this.takeover && this.members.size === 0 && this.retiredDump.length === 0;
  }

  /** Processes that joined, for logs and tests. */
  get size(): number {
    return this.members.size;
  }

  /** Every process' instruments merged, the owner's own included, plus what departed ones left. */
  async collect(own: DumpedInstrument[]): Promise<Merger> {
    await this.settled;
    const asked = [...this.members];
    const answers = await Promise.all(asked.map((m) => this.ask(m)));
    const merged = this.view;
    merged.reset();
    // Read after the answers: a member that left meanwhile is in here with its last answer,
    // so its answer is skipped below (counted once, and never less than a scrape showed).
    merged.add(this.retiredDump);
    merged.add(own);
    for (const [i, a] of answers.entries()) if (a && !asked[i]!.gone) merged.add(a);
    this.clampToHighWater(merged);
    this.passHeirloom(own);
    return merged;
  }

  close(): void {
    for (const m of this.members) m.sock.destroy();
    this.server.close();
  }

  private accept(sock: Socket): void {
    sock.unref();
    const member: Member = { sock, pid: 0, waiting: new Map(), decoder: new WireDecoder() };
    this.members.add(member);
    lineReader(sock, (msg) => {
      if (msg.t === 'hello') {
        member.pid = Number(msg.pid) || 0;
        if (Array.isArray(msg.heirloom)) this.retire(msg.heirloom as DumpedInstrument[]);
      } else if (msg.t === 'dump') {
        member.last = member.decoder.decode(msg.dump as WireInstrument[]);
        member.waiting.get(Number(msg.id))?.(member.last);
        member.waiting.delete(Number(msg.id));
      }
    });
    const leave = () => {
      if (!this.members.delete(member)) return;
      member.gone = true;
      for (const resolve of member.waiting.values()) resolve(undefined);
      if (member.last) this.retire(member.last);
      this.log.debug(`process ${member.pid} left the metrics group; its counters are kept`);
    };
    sock.on('close', leave);
    sock.on('error', leave);
  }

  private ask(m: Member): Promise<DumpedInstrument[] | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        m.waiting.delete(id);
        resolve(m.last);
      }, ANSWER_TIMEOUT_MS);
      timer.unref();
      m.waiting.set(id, (dump) => {
        clearTimeout(timer);
        resolve(dump ?? m.last);
      });
      send(m.sock, { t: 'collect', id });
    });
  }

  /**
   * Sums of floats depend on the order they are added in, and the order changes as processes come
   * and go: 0.1060548899999998 may follow 0.1060548899999999, which rate() reads as a counter
   * reset. So a merged monotonic value never goes below what this port served before.
   */
  private clampToHighWater(merged: Merger): void {
    for (const inst of merged.instruments()) {
      if (!keepsAfterExit(inst.descriptor)) continue;
      for (const [key, s] of inst.series) {
        const id = `${inst.descriptor.name}\u0003${key}`;
        const before = this.highWater.get(id);
        if (before !== undefined && s.value < before) s.value = before;
        else this.highWater.set(id, s.value);
      }
    }
  }

  /** Keeps the only-growing part of a dump for good. */
  private retire(dump: DumpedInstrument[]): void {
    this.retired.add(dump, keepsAfterExit);
    this.retiredDump = this.retired.dump();
  }

  /**
   * The oldest member holds what the owner would take with it (its own and the retired counts), so
   * that whoever owns the port next starts from there: the owner's death is no counter reset.
   */
  private passHeirloom(own: DumpedInstrument[]): void {
    const heir = this.members.values().next().value;
    if (!heir) return;
    const m = new Merger(Date.now());
    m.add(this.retiredDump);
    m.add(own, keepsAfterExit);
    send(heir.sock, { t: 'heirloom', dump: m.dump() });
  }
}
