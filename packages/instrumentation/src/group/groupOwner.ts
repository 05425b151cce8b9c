import { unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Log } from '../log.ts';
import { WireDecoder, type WireInstrument } from './compact.ts';
import { type DumpedInstrument, keepsAfterExit, Merger } from './dump.ts';
import { heirSocketPath, type Inheritance, memberId } from './estate.ts';
import { Rejoin } from './rejoin.ts';
import { lineReader, send } from './wire.ts';

/** A member has this long to answer a collection; after that its last answer is used. */
const ANSWER_TIMEOUT_MS = 3000;
/** How far below its previous value a merged float may come out of a sum in another order. */
const FLOAT_SLACK = 1e-9;

type Member = {
  sock: Socket;
  pid: number;
  /** {@link memberId} of the process, from its hello. */
  id?: string;
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

  /** The first merge waits for the group this owner inherits to be back (see {@link Rejoin}). */
  private readonly rejoin: Rejoin;
  /** The rejoin is over: whoever was coming back is back, or is not coming. */
  private rejoined = false;

  /** `self`: this process' member id, as a former member knows it from the roster. */
  constructor(path: string, log: Log, inherited: Inheritance = {}, self = memberId()) {
    this.log = log;
    if (inherited.heirloom) this.retire(inherited.heirloom);
    this.raiseMarks(inherited.marks);
    this.rejoin = new Rejoin(self, inherited.roster, heirSocketPath(path));
    const since = Date.now();
    this.rejoin.ready.then(() => {
      this.rejoined = true;
      log.debug(`metrics group: first merge after ${Date.now() - since} ms, ${this.members.size} joined`);
    });
    this.server = createServer((sock) => this.accept(sock));
    this.server.on('error', (err) =>
      log.once('group-listen', `other processes cannot join this metrics port (${String(err)})`),
    );
    if (!path.startsWith('\0')) {
      try {
        unlinkSync(path); // a stale socket file of a dead owner: we hold the TCP port, so it is ours
      } catch {}
    }
    // Exclusive: in a cluster worker the socket is this process' own, gone the moment it dies,
    // instead of a handle the primary keeps accepting on (and dropping) after its death.
    this.server.listen({ path, exclusive: true });
    this.server.unref();
  }

  /**
   * No member now, none that left counts behind, no group still to come back: this
   * process' registry is the whole view, and a scrape can render it directly (a dump and merge
   * of it lived through the app's young-generation collections, and V8 grew its heap for them).
   */
  get alone(): boolean {
    return this.rejoined && this.members.size === 0 && this.retiredDump.length === 0;
  }

  /** Processes that joined, for logs and tests. */
  get size(): number {
    return this.members.size;
  }

  /** Every process' instruments merged, the owner's own included, plus what departed ones left. */
  async collect(own: DumpedInstrument[]): Promise<Merger> {
    await this.rejoin.ready;
    // Only members that said hello: the roster they are told is then exactly who this scrape counts.
    const asked = [...this.members].filter((m) => m.id);
    const roster = asked.map((m) => m.id!);
    const answers = await Promise.all(asked.map((m) => this.ask(m, roster)));
    const merged = this.view;
    merged.reset();
    // Read after the answers: a member that left meanwhile is in here with its last answer,
    // so its answer is skipped below (counted once, and never less than a scrape showed).
    merged.add(this.retiredDump);
    merged.add(own);
    for (const [i, a] of answers.entries()) if (a && !asked[i]!.gone) merged.add(a);
    this.clampToHighWater(merged);
    this.passHeirloom(own, asked);
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
        member.id = typeof msg.id === 'string' ? msg.id : String(member.pid);
        const heir = Array.isArray(msg.heirloom);
        if (heir) this.retire(msg.heirloom as DumpedInstrument[]);
        if (heir) this.raiseMarks(msg.marks as Record<string, number> | undefined);
        const roster = Array.isArray(msg.roster) ? msg.roster.map(String) : undefined;
        this.rejoin.hello(member.id, roster, heir);
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

  /** Asks one member for its instruments, telling it who else this scrape counts (the roster). */
  private ask(m: Member, roster: readonly string[]): Promise<DumpedInstrument[] | undefined> {
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
      send(m.sock, { t: 'collect', id, roster });
    });
  }

  /**
   * Sums of floats depend on the order they are added in, and the order changes as processes come
   * and go (and with the owner): 0.1060548899999998 may follow 0.1060548899999999, which rate()
   * reads as a counter reset. So a merged monotonic value never goes below what this port served
   * before by a rounding difference; a real drop is not hidden (it would hide a lost process).
   */
  private clampToHighWater(merged: Merger): void {
    for (const inst of merged.instruments()) {
      if (!keepsAfterExit(inst.descriptor)) continue;
      for (const [key, s] of inst.series) {
        const id = `${inst.descriptor.name}\u0003${key}`;
        const before = this.highWater.get(id);
        if (before !== undefined && s.value < before && before - s.value <= before * FLOAT_SLACK)
          s.value = before;
        else this.highWater.set(id, s.value);
      }
    }
  }

  /** What the former owner served: its high-water marks of non-integer values go on from here. */
  private raiseMarks(marks: Record<string, number> | undefined): void {
    if (!marks || typeof marks !== 'object') return;
    for (const [id, v] of Object.entries(marks)) {
      const mine = this.highWater.get(id);
      if (typeof v === 'number' && (mine === undefined || v > mine)) this.highWater.set(id, v);
    }
  }

  /** Keeps the only-growing part of a dump for good. */
  private retire(dump: DumpedInstrument[]): void {
    this.retired.add(dump, keepsAfterExit);
    this.retiredDump = this.retired.dump();
  }

  /**
   * The oldest member this scrape counted holds what the owner would take with it (its own and the
   * retired counts), so that whoever owns the port next starts from there: the owner's death is no
   * counter reset. It is on the roster just sent, so a next owner waits for it.
   */
  private passHeirloom(own: DumpedInstrument[], asked: readonly Member[]): void {
    const heir = asked.find((m) => !m.gone && m.id);
    if (!heir) return;
    const m = new Merger(Date.now());
    m.add(this.retiredDump);
    m.add(own, keepsAfterExit);
    // Integers add up the same in any order: only the other marks need to go on to the next owner.
    const marks: Record<string, number> = {};
    for (const [id, v] of this.highWater) if (!Number.isInteger(v)) marks[id] = v;
    send(heir.sock, { t: 'heirloom', dump: m.dump(), marks });
  }
}
