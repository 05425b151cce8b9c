import { describeEvent, type HistoryEvent } from './incidentVerdict.ts';
import { renderSlackPayload, type Sink } from './slackTerminal.ts';

/** Options of {@link IncidentWatcher}. */
export interface WatcherOptions {
  readonly alertingUrl: string;
  /** Events before this (epoch ms) belong to an earlier run and are ignored. */
  readonly started: number;
  readonly print: (line: string) => void;
  /** The local Slack sink, whose messages are rendered as they arrive (none with a real channel). */
  readonly sink?: Sink;
  readonly colour: boolean;
}

/**
 * Follows the alerting service's history and the Slack sink: each {@link poll} prints what is new
 * (alert events, then Slack messages) and keeps the events for the `--once` verdict.
 */
export class IncidentWatcher {
  readonly events: HistoryEvent[] = [];
  readonly #seen = new Set<string>();
  readonly #opts: WatcherOptions;
  #shownPayloads = 0;

  constructor(opts: WatcherOptions) {
    this.#opts = opts;
  }

  /** When the incident started (epoch ms). */
  get started(): number {
    return this.#opts.started;
  }

  /** Fetches the history once and prints what was not printed yet; never throws. */
  async poll(): Promise<void> {
    const { alertingUrl, started, print, sink, colour } = this.#opts;
    try {
      const res = await fetch(`${alertingUrl}/api/v1/history?limit=500`, {
        signal: AbortSignal.timeout(2000),
      });
      const body = (await res.json()) as { data?: { events?: HistoryEvent[] } };
      for (const e of body.data?.events ?? []) {
        const key = `${e.at}|${e.fingerprint}|${e.kind}|${e.severity}`;
        if (this.#seen.has(key) || e.at < started) continue;
        this.#seen.add(key);
        this.events.push(e);
        print(`  ${describeEvent(e)}`);
      }
    } catch {
      // The service is busy or stopping; the next poll catches up.
    }
    for (; sink && this.#shownPayloads < sink.requests.length; this.#shownPayloads++) {
      print(`\n📨 Slack message:\n${renderSlackPayload(sink.requests[this.#shownPayloads]!.body, colour)}\n`);
    }
  }
}
