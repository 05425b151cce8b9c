/**
 * One rule, one cycle, no I/O: from the query result (or its failure), the context results and the
 * previous records, compute the new records and the events. The state machine:
 *
 *   (none) --breach--> pending --for elapsed--> firing --clear (past recover, after keep_firing_for)--> resolved
 *   pending --not breach--> (dropped)       resolved --breach--> pending (flip history kept)
 *
 * A failed query changes nothing (no false resolve); an empty successful result is resolve-eligible.
 */
import { type AlertEvent, type AlertEventKind, severityRank } from '../alert.ts';
import type { Sample } from '../prometheus/client.ts';
import type { AlertingRule, FlapOptions } from '../types.ts';
import type { AlertRecord } from './alertRecord.ts';
import { toAlert } from './alertRecord.ts';
import { applyContext, type ContextResult, matchesAlert } from './applyContext.ts';
import { formatNumber } from './formatNumber.ts';
import { fingerprint } from './identity.ts';
import { type Assessment, assessValue } from './severity.ts';
import { type Expanded, expandPlain } from './template.ts';
import { insideWindow } from './timeWindow.ts';

/** The query outcome: samples, or a failure that must hold state. */
export type QueryOutcome = { ok: true; samples: readonly Sample[] } | { ok: false; error: string };

/** Everything one rule's cycle needs. */
export interface RuleInput {
  readonly rule: AlertingRule;
  /** This rule's records from the previous cycle. */
  readonly previous: readonly AlertRecord[];
  readonly result: QueryOutcome;
  /** Per `severity.context` entry: the `when` query's samples, or undefined when it failed (or has no `when`). */
  readonly context: ReadonlyArray<readonly Sample[] | undefined>;
  /** Wall clock (epoch ms): what people read (activeAt, firedAt, resolvedAt, event times). */
  readonly now: number;
  /**
   * The engine's steady timeline (ms; monotonic, anchored to the wall clock when the engine
   * started): every duration (`for`, keep_firing_for, the flap window) is measured on it, so a
   * wall-clock step changes no wait. Defaults to `now` (a fake clock moving both together).
   */
  readonly steady?: number;
  readonly flap: FlapOptions;
  /** How long resolved records are kept (for flap history and the API). */
  readonly resolvedRetentionMs: number;
  /** Builds the generatorURL of an alert, if the engine knows an external URL. */
  readonly generatorURL?: (expr: string) => string;
  /**
   * Treat a missing series as unknown, not as resolved: set while the data source has only just
   * recovered, since a restarted Prometheus answers empty until its first scrapes land (or
   * longer than its lookback delta when the outage was). A value that clears still resolves.
   */
  readonly holdNoData?: boolean;
  /**
   * Each sample's expanded labels and annotations (same order as the samples; see template.ts).
   * Without it, templates stay as written (rules without templates, tests).
   */
  readonly expanded?: readonly Expanded[];
}

/** The sample that cleared a live alert: its value and annotations (the resolve reports them). */
interface Cleared {
  readonly value: number;
  readonly annotations: Record<string, string>;
}

/** New records (pending, firing and recently resolved) and the events of this cycle. */
export interface RuleOutput {
  readonly records: AlertRecord[];
  readonly events: AlertEvent[];
}

/** Alert labels of a sample (its expansion, without `severity`: the assessment sets that). */
function alertLabels(e: Expanded): Record<string, string> {
  const { severity: _severity, ...labels } = e.labels;
  return labels;
}

function contextFor(input: RuleInput, labels: Record<string, string>): ContextResult[] {
  const rules = input.rule.severity?.context ?? [];
  return rules.map((rule, i) => {
    if (rule.outside) return { rule, holds: !insideWindow(rule.outside, input.now) };
    if (rule.inside) return { rule, holds: insideWindow(rule.inside, input.now) };
    const series = input.context[i];
    return { rule, holds: series === undefined ? undefined : matchesAlert(series, labels) };
  });
}

/** Runs one rule's cycle. */
export function evaluateRule(input: RuleInput): RuleOutput {
  const { rule, previous } = input;
  if (!input.result.ok) return { records: [...previous], events: [] };
  const prevByFp = new Map(previous.map((r) => [r.fingerprint, r]));
  const records: AlertRecord[] = [];
  const events: AlertEvent[] = [];
  const seen = new Set<string>();
  const clearedAt = new Map<string, Cleared>();
  const samples = input.result.samples;

  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as Sample;
    const e = input.expanded?.[i] ?? expandPlain(rule, sample.labels);
    const labels = alertLabels(e);
    // A templated `severity: "{{ $labels.sev }}"` is the expanded value.
    const staticSeverity = e.labels.severity ?? '';
    const fp = fingerprint(labels);
    if (seen.has(fp)) continue; // Duplicate series after label merge: Prometheus rejects these too.
    const prev = prevByFp.get(fp);
    const live = prev && prev.state !== 'resolved' ? prev : undefined;
    let a = assessValue(
      sample.value,
      rule.severity,
      staticSeverity,
      live?.state === 'firing',
      live?.threshold,
    );
    a = applyContext(a, contextFor(input, labels), live?.severity);
    if (a.verdict === 'clear' || (a.verdict === 'band' && live?.state !== 'firing')) {
      // Remember the value that cleared it: a resolve must report it, not the last breaching one.
      if (live) clearedAt.set(fp, { value: sample.value, annotations: e.annotations });
      continue;
    }
    seen.add(fp);
    records.push(step(input, prev, fp, labels, sample.value, a, e.annotations, events));
  }
  for (const prev of previous) {
    if (seen.has(prev.fingerprint)) continue;
    const next = absent(input, prev, events, clearedAt.get(prev.fingerprint));
    if (next) records.push(next);
  }
  return { records, events };
}

function step(
  input: RuleInput,
  prev: AlertRecord | undefined,
  fp: string,
  baseLabels: Record<string, string>,
  value: number,
  a: Assessment,
  annotations: Record<string, string>,
  events: AlertEvent[],
): AlertRecord {
  const { rule, now } = input;
  const t = input.steady ?? now;
  const labels = a.severity ? { ...baseLabels, severity: a.severity } : baseLabels;
  const live = prev && prev.state !== 'resolved' ? prev : undefined;
  const activeAt = live?.activeAt ?? now;
  const pendingSince = live ? (live.pendingSince ?? live.activeAt) : t;
  const firing = live?.state === 'firing' || t - pendingSince >= rule.forMs;
  let rec: AlertRecord = {
    fingerprint: fp,
    ruleKey: rule.key,
    labels,
    annotations,
    state: firing ? 'firing' : 'pending',
    severity: a.severity,
    reasons: a.reasons,
    value,
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    activeAt,
    pendingSince,
    ...(firing ? { firedAt: live?.firedAt ?? now } : {}),
    lastBreachAt: a.verdict === 'breach' ? now : (live?.lastBreachAt ?? now),
    flips: prev?.flips ?? [],
    flapping: prev?.flapping ?? false,
    ...(input.generatorURL ? { generatorURL: input.generatorURL(rule.expr) } : {}),
  };
  if (firing && live?.state !== 'firing') {
    rec = flip(input, rec, 'firing', events);
  } else if (firing && live && live.severity !== a.severity) {
    const kind: AlertEventKind =
      severityRank(a.severity) > severityRank(live.severity) ? 'escalated' : 'deescalated';
    // Flap damping quiets flips and de-escalations; an escalation always gets through: the pager
    // owner must hear that it got worse even while it flaps.
    if (!rec.flapping || kind === 'escalated') {
      events.push({ kind, alert: toAlert(rec), previousSeverity: live.severity, at: now });
    }
  } else {
    rec = settle(input, rec, events);
  }
  return rec;
}

/** A previous record whose series is gone or clear this cycle. Returns the record to keep, if any. */
function absent(
  input: RuleInput,
  prevRecord: AlertRecord,
  events: AlertEvent[],
  cleared?: Cleared,
): AlertRecord | undefined {
  const { now, rule } = input;
  const t = input.steady ?? now;
  let prev = prevRecord;
  if (prev.state === 'pending') return undefined;
  if (prev.state === 'firing') {
    if (cleared === undefined && input.holdNoData) return settle(input, prev, events);
    // Prometheus counts keep_firing_for from the first clear evaluation (KeepFiringSince), so an
    // alert with keep_firing_for: 2m on a 1m interval stays firing at the first two clear steps.
    const since = prev.keepFiringSince ?? t;
    if (rule.keepFiringForMs > 0 && t - since < rule.keepFiringForMs) {
      return settle(
        input,
        {
          ...prev,
          keepFiringSince: since,
          reasons: [`kept firing: keep_firing_for ${rule.keepFiringForMs / 1000}s`],
        },
        events,
      );
    }
    const { keepFiringSince: _cleared, ...rest } = prev;
    prev = rest;
    const resolved: AlertRecord =
      cleared === undefined
        ? { ...prev, state: 'resolved', resolvedAt: now, reasons: ['resolved: no data'] }
        : {
            ...prev,
            state: 'resolved',
            resolvedAt: now,
            value: cleared.value,
            // The summary quotes $value: it must read the clearing value too, not the last breach.
            annotations: cleared.annotations,
            reasons: [`resolved: value ${formatNumber(cleared.value)}`],
          };
    return flip(input, resolved, 'resolved', events);
  }
  if (now - (prev.resolvedAt ?? now) > input.resolvedRetentionMs) return undefined;
  return settle(input, prev, events);
}

/** Records a flip; emits its event, or the single `flapping` event when it tips into flapping. */
function flip(
  input: RuleInput,
  rec: AlertRecord,
  kind: 'firing' | 'resolved',
  events: AlertEvent[],
): AlertRecord {
  const { now, flap } = input;
  const t = input.steady ?? now;
  const flips = [...rec.flips.filter((f) => t - f < flap.windowMs), t];
  let next: AlertRecord = { ...rec, flips };
  if (rec.flapping) {
    // Settled by the time of this flip: notify it (the state it ends in), and stop damping.
    if (flips.length <= Math.floor(flap.maxFlips / 2)) {
      next = { ...next, flapping: false };
      events.push({ kind, alert: toAlert(next), at: now });
    }
  } else if (flips.length > flap.maxFlips) {
    next = { ...next, flapping: true };
    events.push({ kind: 'flapping', alert: toAlert(next), at: now });
  } else {
    events.push({ kind, alert: toAlert(next), at: now });
  }
  return next;
}

/**
 * A flapping alert settles once its flips in the window fall to half the limit; then its current
 * state is notified once (so the pipeline learns how it ended).
 */
function settle(input: RuleInput, rec: AlertRecord, events: AlertEvent[]): AlertRecord {
  const { now, flap } = input;
  const t = input.steady ?? now;
  const flips = rec.flips.filter((f) => t - f < flap.windowMs);
  if (!rec.flapping) return flips.length === rec.flips.length ? rec : { ...rec, flips };
  if (flips.length > Math.floor(flap.maxFlips / 2)) return { ...rec, flips };
  const next = { ...rec, flips, flapping: false };
  if (next.state !== 'pending') events.push({ kind: next.state, alert: toAlert(next), at: now });
  return next;
}
