import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { DumpedInstrument } from '../../src/group/dump.ts';
import { Estate } from '../../src/group/estate.ts';
import { GroupMember } from '../../src/group/groupMember.ts';
import { GroupOwner } from '../../src/group/groupOwner.ts';
import { Rejoin } from '../../src/group/rejoin.ts';
import { createLog } from '../../src/log.ts';

// Owners and members of one group, in this process, over a real (abstract on Linux) socket. An
// owner's close() drops every member's connection without a word, as its death by SIGKILL does.

const log = createLog('silent');
const REJOIN_DELAY_MS = 300; // survivors slower than the process that wins the port

/** A float counter (CPU seconds) and a request count, as one process reports them. */
function dump(cpu: number, requests: number): DumpedInstrument[] {
  const counter = (name: string, value: number): DumpedInstrument => ({
    name,
    unit: '1',
    description: '',
    kind: 'counter',
    monotonic: true,
    series: [[{}, value, 0, null, null, null]],
  });
  return [counter('process.cpu.time', cpu), counter('http.server.requests', requests)];
}

function values(merged: Awaited<ReturnType<GroupOwner['collect']>>): Record<string, number> {
  return Object.fromEntries(
    merged.instruments().map((i) => [i.descriptor.name, [...i.series.values()][0]!.value]),
  );
}

/** A member that, like PortShare, comes back to whoever owns the group after it lost the owner. */
class Survivor {
  readonly estate: Estate;
  readonly id: string;
  private readonly path: string;
  private readonly own: DumpedInstrument[];
  private member?: GroupMember;
  private stopped = false;
  private onJoin?: () => void;

  constructor(path: string, id: string, own: DumpedInstrument[]) {
    this.path = path;
    this.id = id;
    this.own = own;
    this.estate = new Estate(path);
    this.join();
  }

  joined(): Promise<void> {
    return new Promise((r) => (this.onJoin = r));
  }

  stop(): void {
    this.stopped = true;
    this.member?.close();
    this.estate.close();
  }

  private join(): void {
    if (this.stopped) return;
    this.member = new GroupMember(
      {
        path: this.path,
        id: this.id,
        collect: async () => this.own,
        onJoined: () => this.onJoin?.(),
        onLost: (joined) => setTimeout(() => this.join(), joined ? REJOIN_DELAY_MS : 20),
      },
      this.estate,
    );
  }
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5000; !ok(); await new Promise((r) => setTimeout(r, 10)))
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
}

describe('a new owner of the metrics port after the owner was killed', () => {
  const path =
    process.platform === 'linux' ? `\0gs-test-${randomUUID()}` : join(tmpdir(), `gs-${randomUUID()}.sock`);
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  /** Owner O with members A (the heir: it joined first) and B, one scrape served, then O killed. */
  async function groupThenKill(own: DumpedInstrument[], a: DumpedInstrument[], b: DumpedInstrument[]) {
    const first = new GroupOwner(path, log, {}, 'o');
    const A = new Survivor(path, `${process.pid}.1`, a);
    await A.joined();
    const B = new Survivor(path, `${process.pid}.2`, b);
    await B.joined();
    stops.push(
      () => A.stop(),
      () => B.stop(),
    );
    // Scrapes until the owner counts both (a member's hello lands a moment after it connects).
    let served = values(await first.collect(own));
    while (served['http.server.requests']! < 24) served = values(await first.collect(own));
    await until('the heirloom reaches A', () => A.estate.heirloom !== undefined);
    assert.equal(B.estate.heirloom, undefined, 'one heir only');
    first.close(); // SIGKILL: no hand-off
    return { served, A, B };
  }

  it('a process that never was a member (a respawned worker) wins the port: it serves nothing lower', async () => {
    const { served } = await groupThenKill(dump(1.5, 8), dump(1, 8), dump(1.25, 8));
    const fresh = new GroupOwner(path, log, {}, 'fresh');
    stops.push(() => fresh.close());
    const after = values(await fresh.collect(dump(0.01, 0)));
    assert.deepEqual(served, { 'process.cpu.time': 3.75, 'http.server.requests': 24 });
    assert.deepEqual(after, { 'process.cpu.time': 3.76, 'http.server.requests': 24 });
    assert.equal(fresh.size, 2, 'both survivors are back');
  });

  it('the member that is not the heir wins the port: it waits for the heir, and a float sum never dips', async () => {
    // O + A + B in this order is one ulp above O + B + A, the order of B's first merge.
    const [o, a, b] = [0.0522823, 0.004825, 0.060978];
    assert.ok(o + b + a < o + a + b);
    const { served, B } = await groupThenKill(dump(o, 8), dump(a, 8), dump(b, 8));
    B.stop();
    const next = new GroupOwner(path, log, B.estate.take(), B.id);
    stops.push(() => next.close());
    const after = values(await next.collect(dump(b, 8)));
    assert.deepEqual(after, served);
  });

  it('with no heir and no former members to wait for, a new owner answers at once', async () => {
    const owner = new GroupOwner(path, log, {}, 'alone');
    stops.push(() => owner.close());
    const started = Date.now();
    assert.deepEqual(values(await owner.collect(dump(2, 3))), {
      'process.cpu.time': 2,
      'http.server.requests': 3,
    });
    assert.ok(Date.now() - started < 200, `${Date.now() - started} ms`);
  });

  it('a process on the roster that died is not waited for; one that is alive but silent, only up to the limit', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    let started = Date.now();
    await new Rejoin('me', [String(dead)], `${path}-none`, 2000).ready;
    assert.ok(Date.now() - started < 500, `dead: ${Date.now() - started} ms`);
    started = Date.now();
    await new Rejoin('me', [`${process.pid}.7`], `${path}-none`, 300).ready;
    assert.ok(Date.now() - started >= 290, `silent: ${Date.now() - started} ms`);
  });
});
