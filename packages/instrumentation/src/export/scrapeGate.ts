import type { ServerResponse } from 'node:http';

type Waiter = { res: ServerResponse; admit: (release: () => void) => void };

/**
 * Bounds how many scrapes stream at once. A client that closes while it waits leaves the line at
 * once (it used to keep its place, and the lock, for ever); past `maxQueued` the answer is 503.
 */
export class ScrapeGate {
  private active = 0;
  private readonly queue: Waiter[] = [];
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;

  constructor(maxConcurrent: number, maxQueued: number) {
    this.maxConcurrent = Math.max(1, maxConcurrent);
    this.maxQueued = Math.max(0, maxQueued);
  }

  /** Scrapes streaming now, and waiting. */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  /** Resolves with the release of a slot, `closed` if the client left first, `full` if the line is. */
  enter(res: ServerResponse): Promise<(() => void) | 'closed' | 'full'> {
    if (this.active < this.maxConcurrent) return Promise.resolve(this.take());
    if (this.queue.length >= this.maxQueued) return Promise.resolve('full');
    return new Promise((resolve) => {
      const waiter: Waiter = { res, admit: resolve };
      const leave = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) {
          this.queue.splice(i, 1);
          resolve('closed');
        }
      };
      res.once('close', leave);
      waiter.admit = (release) => {
        res.off('close', leave);
        resolve(release);
      };
      this.queue.push(waiter);
    });
  }

  private take(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.queue.shift();
      if (next) next.admit(this.take());
    };
  }
}
