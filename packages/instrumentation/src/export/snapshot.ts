import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import type { Instrument } from '../registry/instrument.ts';
import { writeExposition } from './exposition.ts';

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
}

/**
 * Text is cut into parts of about this size for compression: each part is deflated on the libuv
 * thread pool, in parallel, and never on the event loop (a whole 18 MB scrape at once took
 * ~90 ms of one thread on the bench machine).
 */
const PART_BYTES = 1 << 20;
/**
 * Up to this size, parts are deflated on the event loop instead, 256 KB at a time with a yield
 * between them (about 1 ms each): a busy service scraped every 2 s grew RSS by 25 MB and counting
 * over 300k requests with thread-pool compression (zlib state allocated on pool threads, freed
 * late), and by 4 MB, flat, without (bench/instrumentation/hostile.mjs).
 */
const INLINE_LIMIT = 4 << 20;
const INLINE_PART_BYTES = 256 << 10;

/** Renders instruments to a snapshot; the serializer yields to the event loop between chunks. */
export async function renderSnapshot(
  instruments: readonly Instrument[],
  serviceName: string,
): Promise<Snapshot> {
  const out = new ChunkWriter();
  await writeExposition(instruments, { serviceName }, (text) => out.write(text));
  const chunks = out.finish();
  let gz: Promise<Buffer> | undefined;
  return {
    chunks,
    bytes: out.bytes,
    gzip: () => {
      gz ??= gzipParts(chunks, out.bytes);
      return gz;
    },
  };
}

/** The first buffer of a snapshot; each next one doubles, up to {@link PART_BYTES}. */
const FIRST_BUFFER_BYTES = 64 << 10;

/**
 * Copies text into buffers as the serializer hands it over (a series at a time). Text gathered
 * across yields (it used to be, up to 1 MB of it before one Buffer.from) survived the app's
 * young-generation collections in between, and V8 grows the young generation for what survives:
 * RSS rose by the size of the heap, not of the text (docs/performance/instrumentation.md).
 */
class ChunkWriter {
  bytes = 0;
  private readonly chunks: Buffer[] = [];
  private buf: Buffer | undefined;
  private used = 0;

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only when that may not fit.
    const room = this.buf ? this.buf.length - this.used : 0;
    if (room < text.length * 3) {
      const need = Buffer.byteLength(text, 'utf8');
      if (room < need) {
        this.seal();
        const size = this.buf ? Math.min(PART_BYTES, this.buf.length * 2) : FIRST_BUFFER_BYTES;
        this.buf = Buffer.allocUnsafe(Math.max(size, need));
        this.used = 0;
      }
    }
    this.used += this.buf!.write(text, this.used, 'utf8');
  }

  /** The buffers written, each cut to what it holds. */
  finish(): Buffer[] {
    this.seal();
    this.buf = undefined;
    return this.chunks;
  }

  private seal(): void {
    if (!this.buf || this.used === 0) return;
    this.chunks.push(this.buf.subarray(0, this.used));
    this.bytes += this.used;
  }
}

/** A snapshot made of one text (used for small answers and tests). */
export function snapshotOf(text: string): Snapshot {
  const b = Buffer.from(text, 'utf8');
  let gz: Promise<Buffer> | undefined;
  return { chunks: [b], bytes: b.length, gzip: () => (gz ??= gzipParts([b], b.length)) };
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
