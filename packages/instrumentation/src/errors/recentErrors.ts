import type { ErrorSeverity } from '@golden-signals/conventions';

/** One remembered error (the seed's ErrorTracker entry, bounded). */
export interface RecentError {
  /** Epoch milliseconds. */
  readonly time: number;
  /** `http.server`, `http.client` or `operation`. */
  readonly source: string;
  /** Route, client target or operation name. */
  readonly where: string;
  readonly type: string;
  readonly message: string;
  readonly errorSeverity: ErrorSeverity;
}

const MAX_MESSAGE = 200;

/**
 * A fixed-size ring buffer of the last errors: memory stays flat however many errors happen.
 * Messages are truncated; they can carry personal data, so they are off the wire by default.
 */
export class RecentErrors {
  private readonly buffer: (RecentError | undefined)[];
  private next = 0;
  private size = 0;

  constructor(capacity: number) {
    this.buffer = new Array<RecentError | undefined>(Math.max(0, capacity));
  }

  add(e: Omit<RecentError, 'message'> & { message: string }): void {
    if (this.buffer.length === 0) return;
    const message = e.message.length > MAX_MESSAGE ? `${e.message.slice(0, MAX_MESSAGE - 1)}…` : e.message;
    this.buffer[this.next] = { ...e, message };
    this.next = (this.next + 1) % this.buffer.length;
    if (this.size < this.buffer.length) this.size++;
  }

  /** The newest `limit` errors, newest first. */
  list(limit = 10): RecentError[] {
    const out: RecentError[] = [];
    const n = Math.min(limit, this.size);
    for (let i = 1; i <= n; i++) {
      const e = this.buffer[(this.next - i + this.buffer.length) % this.buffer.length];
      if (e) out.push(e);
    }
    return out;
  }
}
