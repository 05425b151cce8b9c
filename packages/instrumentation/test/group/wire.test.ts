import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { serializeExposition } from '../../src/export/exposition.ts';
import { WireDecoder, WireEncoder, type WireInstrument } from '../../src/group/compact.ts';
import { type DumpedInstrument, dumpInstruments, Merger } from '../../src/group/dump.ts';
import { lineReader, type Message, send } from '../../src/group/wire.ts';
import type { Instrument } from '../../src/registry/instrument.ts';
import { RegistryMeterProvider } from '../../src/registry/meterProvider.ts';
import { Registry } from '../../src/registry/registry.ts';

/** A process' registry with a histogram, a counter and a gauge; `n` scales what it recorded. */
function processRegistry(n: number): Registry {
  const reg = new Registry({ cardinalityLimit: 1000 });
  const meter = new RegistryMeterProvider(reg).getMeter();
  const h = meter.createHistogram('work.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1] },
  });
  for (let i = 0; i < 50; i++) h.record((i % 7) / (3 * n), { route: `/r/${i}`, 'é.name': 'ünï' });
  meter.createCounter('jobs').add(n * 3, { queue: 'a' });
  meter.createUpDownCounter('inflight').add(n);
  return reg;
}

const dumpOf = (reg: Registry) => reg.read(dumpInstruments);

async function text(instruments: readonly Instrument[]): Promise<string> {
  let out = '';
  for await (const chunk of serializeExposition(instruments, { serviceName: 'svc' })) out += chunk;
  return out;
}

/** Two ends of a real socket on 127.0.0.1, and every message the reading end parsed. */
async function socketPair(): Promise<{ writer: Socket; got: Message[]; close: () => void }> {
  const got: Message[] = [];
  const server = createServer((sock) => lineReader(sock, (m) => got.push(m)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address() as { port: number };
  const writer = connect(addr.port, '127.0.0.1');
  await once(writer, 'connect');
  const close = () => {
    writer.destroy();
    server.close();
  };
  return { writer, got, close };
}

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(ok(), 'timed out');
}

describe('the process-group wire', () => {
  it('an owner merging packed answers serves the same text as merging the processes themselves, scrape after scrape', async () => {
    const regs = [processRegistry(1), processRegistry(2), processRegistry(5)];
    const direct = new Merger(0);
    for (const r of regs) direct.add(await dumpOf(r));
    const expected = await text(direct.instruments());

    const encoders = regs.map(() => new WireEncoder());
    const decoders = regs.map(() => new WireDecoder());
    const view = new Merger(0);
    // The second scrape sends no attributes (they crossed once): it must still merge the same.
    for (let scrape = 0; scrape < 2; scrape++) {
      view.reset();
      for (const [i, r] of regs.entries()) {
        const wire = JSON.parse(JSON.stringify(encoders[i]!.encode(await dumpOf(r)))) as WireInstrument[];
        if (scrape === 1)
          assert.ok(
            wire.every((w) => w.fresh === undefined),
            'attributes cross once',
          );
        view.add(decoders[i]!.decode(wire));
      }
      assert.equal(await text(view.instruments()), expected);
    }
  });

  it('keeps what a departed process counted when its packed answer is retired', async () => {
    const dump = await dumpOf(processRegistry(2));
    const packed = new WireDecoder().decode(new WireEncoder().encode(dump));
    const retired = new Merger(0);
    retired.add(packed);
    const again = new Merger(0);
    again.add(retired.dump());
    const plain = new Merger(0);
    plain.add(dump);
    assert.equal(await text(again.instruments()), await text(plain.instruments()));
  });

  it('still reads the older wire form (one array per series), so members of an older version count', async () => {
    const dump = await dumpOf(processRegistry(1));
    const older = dump.map((d: DumpedInstrument) => ({
      ...d,
      series: d.series.map(([a, v, c, mn, mx, counts], id) => [id, v, c, mn, mx, counts, a]),
    })) as unknown as WireInstrument[];
    const view = new Merger(0);
    view.add(new WireDecoder().decode(older));
    const plain = new Merger(0);
    plain.add(dump);
    assert.equal(await text(view.instruments()), await text(plain.instruments()));
  });

  it('reads lines cut anywhere, several to a read, with multi-byte characters split across reads', async () => {
    const { writer, got, close } = await socketPair();
    try {
      const big = { t: 'dump', text: 'ü€'.repeat(100_000) };
      const bytes = Buffer.from(
        `${JSON.stringify({ t: 'a' })}\n${JSON.stringify(big)}\n{not json}\n${JSON.stringify({ t: 'b' })}\n`,
      );
      // Odd-sized writes, so UTF-8 sequences and newlines fall on read boundaries.
      for (let i = 0; i < bytes.length; i += 7777) writer.write(bytes.subarray(i, i + 7777));
      send(writer, { t: 'c' });
      await until(() => got.length === 4);
      assert.deepEqual(
        got.map((m) => m.t),
        ['a', 'dump', 'b', 'c'],
      );
      assert.equal(got[1]!.text, big.text);
    } finally {
      close();
    }
  });
});
