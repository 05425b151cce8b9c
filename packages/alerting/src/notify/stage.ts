/**
 * The notification pipeline's one stage shape (Alertmanager's notify.Stage): a stage looks at one
 * group's flush and either lets it go on or stops it. `pipeline.ts` lists the stages in order;
 * {@link runStages} is the composition (Alertmanager's MultiStage), {@link fanout} runs a list of
 * stages once per receiver integration (its FanoutStage).
 */

import type { Target } from './pipelineTargets.ts';
import type { FlushItem, Plan, Told } from './stages/dedupStage.ts';
import type { AggregationGroup } from './stages/groupStage.ts';
import type { ContextSnapshot } from './types.ts';

/** One group at one flush, as it flows through the stages. */
export interface Flush {
  readonly group: AggregationGroup;
  readonly now: number;
  /** The receiver's integrations that are sent to (Alertmanager targets post elsewhere). */
  readonly targets: readonly Target[];
  /** Each alert with why it is hidden, if it is (set by the mute stage). */
  items: FlushItem[];
  /** Alerts a silence hid at this flush and not at the previous one (counted once). */
  readonly newlySilenced: Set<string>;
  /** Context snapshots fetched during this flush, by service (one query set per service). */
  readonly contexts: Map<string, Promise<ContextSnapshot>>;
}

/** {@link Flush} narrowed to one integration, for the stages of {@link fanout}. */
export interface TargetFlush {
  readonly flush: Flush;
  readonly target: Target;
  /** What the dedup stage decided to tell this integration. */
  plan?: Plan;
  /** What the notification log said before the plan's updates, by fingerprint (to undo a refusal). */
  before?: Map<string, Told | null>;
}

/** A pipeline stage: `false` stops the flush (the group stays; a later flush sends it). */
export interface Stage<T = Flush> {
  /** Names the stage in the pipeline listing and in errors. */
  readonly name: string;
  exec(input: T): Promise<boolean>;
}

/** Runs `stages` in order until one stops (Alertmanager's MultiStage). */
export async function runStages<T>(stages: readonly Stage<T>[], input: T): Promise<boolean> {
  for (const stage of stages) if (!(await stage.exec(input))) return false;
  return true;
}

/** One stage that runs `stages` for each integration of the flush, one after the other. */
export function fanout(stages: readonly Stage<TargetFlush>[]): Stage<Flush> {
  return {
    name: `fanout(${stages.map((s) => s.name).join(', ')})`,
    async exec(flush) {
      for (const target of flush.targets) await runStages(stages, { flush, target });
      return true;
    },
  };
}
