/** Size of the buffers a snapshot's text is written into (and the parts compressed apart). */
export const BUFFER_BYTES = 1 << 20;

/** Buffers kept for reuse, in all; a larger text's other buffers are left to the GC. */
const POOL_BYTES = 8 << 20;

/**
 * Buffers of snapshots no client reads any more, for the next render. Allocating them afresh for
 * every scrape left the old ones to V8: their objects outlived the young generation (a scrape
 * spans many turns of the event loop), so their memory came back only at the next full GC, and
 * RSS rose by megabytes of text between full GCs (docs/performance/instrumentation.md).
 * A buffer's untouched pages cost no RSS, so a small text in a 1 MB buffer costs what it uses.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);
  }

  give(buffers: readonly Buffer[]): void {
    for (const b of buffers)
      if (b.length === BUFFER_BYTES && (this.free.length + 1) * BUFFER_BYTES <= POOL_BYTES) this.free.push(b);
  }
}

/**
 * Copies text into pooled buffers as the serializer hands it over (a series at a time). Text
 * gathered across yields (it used to be, up to 1 MB of it before one Buffer.from) survived the
 * app's young-generation collections in between, and V8 grows the young generation by what
 * survives: RSS rose by the size of the heap, not of the text.
 */
export class TextWriter {
  bytes = 0;
  /** The text, each buffer cut to what it holds. */
  readonly chunks: Buffer[] = [];
  /** The whole buffers behind {@link chunks}, for {@link BufferPool.give}. */
  readonly buffers: Buffer[] = [];
  private buf: Buffer | undefined;
  private used = 0;
  private readonly pool: BufferPool;

  constructor(pool: BufferPool) {
    this.pool = pool;
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: count exactly only when that may not fit.
    const room = this.buf ? this.buf.length - this.used : 0;
    if (room < text.length * 3) {
      const need = Buffer.byteLength(text, 'utf8');
      if (room < need) {
        this.seal();
        this.buf = need > BUFFER_BYTES ? Buffer.allocUnsafeSlow(need) : this.pool.take();
        this.buffers.push(this.buf);
        this.used = 0;
      }
    }
    this.used += this.buf!.write(text, this.used, 'utf8');
  }

  /** Ends the text: the last buffer joins {@link chunks}. */
  finish(): void {
    this.seal();
    this.buf = undefined;
  }

  private seal(): void {
    if (!this.buf || this.used === 0) return;
    this.chunks.push(this.buf.subarray(0, this.used));
    this.bytes += this.used;
  }
}
