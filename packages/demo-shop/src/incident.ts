/**
 * How bad the shop is told to be, and the scripted incident the traffic generator plays: a checkout
 * latency spike and error burst that rises through warning to critical, then recovers. Pure data
 * and functions, so the script is testable without a clock.
 */

/** Faults injected into the checkout path (the payment call). */
export interface Faults {
  /** Extra latency of the payment call, ms (jittered ±25 % so the histogram is not one bucket). */
  readonly latencyMs: number;
  /** Probability 0..1 that the payment call fails. */
  readonly errorRatio: number;
}

/** No faults: the shop on a good day. */
export const HEALTHY: Faults = { latencyMs: 0, errorRatio: 0 };

/** One step of the script: from `atMs` after the start, the shop runs with `faults`. */
export interface IncidentPhase {
  readonly name: 'baseline' | 'degraded' | 'outage' | 'recovery';
  readonly atMs: number;
  readonly faults: Faults;
  /** What a person watching should expect now (printed by the demo). */
  readonly expect: string;
}

/**
 * The demo's script, sized for deploy/alerting/demo/rules (30 s windows, 5 s `for`, checkout error
 * ratio tiers warning 5 %, critical 20 %; p99 tiers warning 0.5 s, critical 1.5 s). Each phase
 * lasts 35 s, longer than a 30 s window plus `for`, so the value settles inside its tier before the next
 * phase starts; 12 % and 45 % sit far enough from the tier edges that sampling noise at ~5
 * checkouts per second does not cross them.
 */
export const INCIDENT_SCRIPT: readonly IncidentPhase[] = [
  { name: 'baseline', atMs: 0, faults: HEALTHY, expect: 'healthy traffic, no alerts' },
  {
    name: 'degraded',
    atMs: 10_000,
    faults: { latencyMs: 650, errorRatio: 0.12 },
    expect: 'checkout slows and 12 % of payments fail: a warning page',
  },
  {
    name: 'outage',
    atMs: 45_000,
    faults: { latencyMs: 2_000, errorRatio: 0.45 },
    expect: 'payments time out and 45 % fail: escalation to critical',
  },
  {
    name: 'recovery',
    atMs: 80_000,
    faults: HEALTHY,
    expect: 'payments recover: the alerts resolve once the 30 s windows clear',
  },
];

/**
 * The same incident compressed for the end-to-end test and the impatient (`--quick`): the outage
 * starts at +35 s instead of +45 s, and lasts 35 s unless `--outage=N` says otherwise. The 10 s
 * baseline stays: it fills the 30 s window with healthy checkouts, without which the first few
 * failed payments of the degraded phase are a large share of a small sample and the alert can
 * fire straight at critical (seen with a 2 s baseline: 0.243). 25 s of degraded traffic is twice
 * what warning needs (12 % reaches 5 % of a window holding the baseline after ~7 s, plus the 5 s
 * `for`). The faults are the demo's own: 12 % well inside warning (5 %..20 %), 45 % more than
 * twice the critical threshold once the window has filled.
 */
export const QUICK_SCRIPT: readonly IncidentPhase[] = INCIDENT_SCRIPT.map((p) => {
  const atMs: Record<IncidentPhase['name'], number> = {
    baseline: 0,
    degraded: 10_000,
    outage: 35_000,
    recovery: 70_000,
  };
  return { ...p, atMs: atMs[p.name] };
});

/**
 * The script with the outage held for `seconds` instead of 35 (`--outage=N`): a slow machine, or
 * a person who wants longer to look at the critical page, gets it without touching the tiers.
 */
export function withOutage(
  seconds: number,
  script: readonly IncidentPhase[] = INCIDENT_SCRIPT,
): IncidentPhase[] {
  const outage = script.find((p) => p.name === 'outage');
  if (!outage) return [...script];
  return script.map((p) => (p.name === 'recovery' ? { ...p, atMs: outage.atMs + seconds * 1000 } : p));
}

/** The phase in force `elapsedMs` after the script started. */
export function phaseAt(
  elapsedMs: number,
  script: readonly IncidentPhase[] = INCIDENT_SCRIPT,
): IncidentPhase {
  let current = script[0]!;
  for (const p of script) if (p.atMs <= elapsedMs) current = p;
  return current;
}

/** Validates faults from an untrusted body (the admin endpoint); returns undefined when invalid. */
export function parseFaults(value: unknown): Faults | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { latencyMs, errorRatio } = value as Record<string, unknown>;
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 60_000)
    return undefined;
  if (typeof errorRatio !== 'number' || !(errorRatio >= 0 && errorRatio <= 1)) return undefined;
  return { latencyMs, errorRatio };
}
