import { type Faults, INCIDENT_SCRIPT, type IncidentPhase } from './incident.ts';

/** Options of {@link playIncident}. */
export interface PlayOptions {
  /** Applies a phase's faults to the shop (the generator's setFaults). */
  readonly apply: (faults: Faults) => Promise<void>;
  /** Called as each phase starts (the demo prints it). */
  readonly onPhase?: (phase: IncidentPhase) => void;
  readonly script?: readonly IncidentPhase[];
  readonly signal?: AbortSignal;
}

/**
 * Plays the scripted incident: applies each phase's faults at its time. Resolves after the last
 * phase has been applied; rejects when `signal` aborts or the shop refuses the faults.
 */
export async function playIncident(opts: PlayOptions): Promise<void> {
  const script = opts.script ?? INCIDENT_SCRIPT;
  const start = Date.now();
  for (const phase of script) {
    const wait = phase.atMs - (Date.now() - start);
    if (wait > 0) await delay(wait, opts.signal);
    opts.signal?.throwIfAborted();
    await opts.apply(phase.faults);
    opts.onPhase?.(phase);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(t);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
