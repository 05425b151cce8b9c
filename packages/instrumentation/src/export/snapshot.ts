import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import type { Instrument } from '../registry/instrument.ts';
import { writeExposition } from './exposition.ts';
import { BUFFER_BYTES, BufferPool, TextWriter } from './textBuffers.ts';

/**
 * One rendered scrape: the exposition text as buffers, shared by every client that asked while it
 * was rendered. Sockets only ever read it, so a slow client holds no lock and delays nobody.
 */
export interface Snapshot {
  readonly chunks: readonly Buffer[];
  /** Total length of the text in bytes (the Content-Length of an uncompressed answer). */
  readonly bytes: number;
  /** The same text as one gzip member, compressed once (on first ask) for every gzip client. */
  gzip(): Promise<Buffer>;
  /** One more client reads the buffers (call before the first await after getting it). */
  retain(): void;
  /** That client is done (its response finished, or its socket closed): no more reads. */
  release(): void;
}

/**
 * Text is cut into parts of about this size for compression: each part is deflated on the libuv
 * thread pool, in parallel, and never on the event loop (a whole 18 MB scrape at once took
 * ~90 ms of one thread on the bench machine).
 */
const PART_BYTES = BUFFER_BYTES;
/**
 * Up to this size, parts are deflated on the event loop instead, 256 KB at a time with a yield
 * between them (about 1 ms each): a busy service scraped every 2 s grew RSS by 25 MB and counting
 * over 300k requests with thread-pool compression (zlib state allocated on pool threads, freed
 * late), and by 4 MB, flat, without (bench/instrumentation/hostile.mjs).
 */
const INLINE_LIMIT = 4 << 20;
const INLINE_PART_BYTES = 256 << 10;

const pool = new BufferPool();

/**
 * Renders instruments to a snapshot; the serializer yields to the event loop between chunks.
 * Its buffers go back to the pool once every client that {@link Snapshot.retain}ed it released it.
 */
export async function renderSnapshot(
  instruments: readonly Instrument[],
  serviceName: string,
): Promise<Snapshot> {
  const out = new TextWriter(pool);
  await writeExposition(instruments, { serviceName }, (text) => out.write(text));
  out.finish();
  const { chunks, bytes } = out;
  let gz: Promise<Buffer> | undefined;
  let users = 0;
  return {
    chunks,
    bytes,
    gzip: () => {
      gz ??= gzipParts(chunks, bytes);
      return gz;
    },
    retain: () => {
      users++;
    },
    release: () => {
      if (--users === 0) pool.give(out.buffers);
    },
  };
}

/** A snapshot made of one text (used for small answers and tests). */
export function snapshotOf(text: string): Snapshot {
  const b = Buffer.from(text, 'utf8');
  let gz: Promise<Buffer> | undefined;
  return {
    chunks: [b],
    bytes: b.length,
    gzip: () => (gz ??= gzipParts([b], b.length)),
    retain: () => {},
    release: () => {},
  };
}

/**
 * Gzip in parallel, the way pigz does it: each part is raw deflate ended by a sync flush (so the
 * parts concatenate into one valid deflate stream), then one empty final block, wrapped in the gzip
 * header and a trailer of CRC-32 and length (RFC 1952). One member, so every gzip reader
 * (Go's, curl's, browsers') reads it whole.
 */
async function gzipParts(chunks: readonly Buffer[], bytes: number): Promise<Buffer> {
  const inline = bytes <= INLINE_LIMIT;
  const partBytes = inline ? INLINE_PART_BYTES : PART_BYTES;
  // Parts are views into the chunks (no copies); CRC-32 runs part by part with a yield between.
  const parts: Buffer[] = [];
  for (const c of chunks)
    for (let i = 0; i < c.length; i += partBytes) parts.push(c.subarray(i, i + partBytes));
  let crc = 0;
  const deflated: Buffer[] = [];
  for (const p of parts) {
    crc = crc32(p, crc);
    if (inline) deflated.push(deflateRawSync(p, { level: 1, finishFlush: constants.Z_SYNC_FLUSH }));
    await yieldToLoop();
  }
  if (!inline) deflated.push(...(await Promise.all(parts.map(deflatePart))));
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  // BFINAL=1, BTYPE=01 (fixed Huffman), end-of-block: the empty last block, bits 1,10,0000000.
  const lastBlock = Buffer.from([0x03, 0x00]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(bytes % 2 ** 32, 4);
  return Buffer.concat([header, ...deflated, lastBlock, trailer]);
}

function deflatePart(part: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // Level 1: exposition text is so repetitive that level 6 saves little (~10 %) at 3x the time.
    deflateRaw(part, { level: 1, finishFlush: constants.Z_SYNC_FLUSH }, (err, out) =>
      err ? reject(err) : resolve(out),
    ),
  );
}
