/**
 * Pure assembly of what the status page shows: the seed's dashboard cards (one per golden signal,
 * coloured by the loudest firing alert of that signal; revenue today vs yesterday; signup and
 * purchase rates), then alerts by severity, notifications, history and silences. Numbers are
 * formatted here so the page script only places text.
 */
import type { Alert } from '../../alert.ts';
import { severityRank } from '../../alert.ts';
import type { HistoryEntry } from '../../core/history.ts';
import { formatMatcher } from '../../notify/matcher.ts';
import type { Silence } from '../../notify/types.ts';
import type { Sample } from '../../prometheus/client.ts';
import { type AlertView, type AlertViewOptions, alertViews } from './alertViews.ts';
import { SIGNALS, type Signal } from './statusQueries.ts';
import { formatSeconds } from './units.ts';

/**
 * A card's colour: the loudest firing severity among alerts receivers hear about, `ok` (the seed's
 * "normal") when data is there and nothing fires, `unknown` when there is neither data nor an alert:
 * no data is not good news.
 */
export type CardState = 'ok' | 'unknown' | 'info' | 'warning' | 'critical';

/** One golden signal's card on the status page. */
export interface SignalCard {
  readonly signal: Signal;
  readonly state: CardState;
  /** One line per service, e.g. `checkout: p99 1.2 s · p95 800 ms · p50 45 ms`; empty without data. */
  readonly lines: readonly string[];
  /** Firing alerts receivers hear about (muted ones are counted in `muted`). */
  readonly firing: number;
  readonly pending: number;
  /** Firing or pending alerts a silence or an inhibit rule hides. */
  readonly muted: number;
}

/** Query results by name; `undefined` when that query failed. */
export type Results = Readonly<Record<string, readonly Sample[] | undefined>>;

/** Everything {@link buildSummary} reads. */
export interface SummaryInput {
  readonly now: number;
  readonly lastCycleAt: number;
  readonly window: string;
  readonly alerts: readonly Alert[];
  readonly history: readonly HistoryEntry[];
  /** Newest first, as the notifier lists them. */
  readonly notifications: readonly unknown[];
  readonly silences: readonly Silence[];
  readonly cards: Results;
  readonly business: Results;
  /** The engine's rules: where an alert's unit comes from when it has no `unit` annotation. */
  readonly rules?: AlertViewOptions['rules'];
  /** Whether the notifier hides an alert (silence or inhibition). */
  readonly mutedBy?: AlertViewOptions['mutedBy'];
  /** The first query error, when Prometheus could not answer. */
  readonly prometheusError?: string;
}

/** The four signal cards. */
export function signalCards(cards: Results, alerts: readonly AlertView[]): SignalCard[] {
  const byService = (name: string) =>
    new Map((cards[name] ?? []).map((s) => [s.labels.service_name ?? '', s.value]));
  const rate = byService('rate');
  const err = byService('errorRatio');
  const p = [byService('p99'), byService('p95'), byService('p50')] as const;
  const services = [
    ...new Set([...rate.keys(), ...(cards.saturation ?? []).map((s) => s.labels.service_name ?? '')]),
  ]
    .filter(Boolean)
    .sort();
  const lines: Record<Signal, string[]> = { latency: [], traffic: [], errors: [], saturation: [] };
  for (const svc of services) {
    const q = p.map((m) => m.get(svc));
    if (q.some((v) => v !== undefined && Number.isFinite(v)))
      lines.latency.push(`${svc}: p99 ${secs(q[0])} · p95 ${secs(q[1])} · p50 ${secs(q[2])}`);
    if (rate.has(svc)) lines.traffic.push(`${svc}: ${num(rate.get(svc)!)} req/s`);
    if (err.has(svc)) lines.errors.push(`${svc}: ${pct(err.get(svc)!)} of requests fail`);
    const sat = (cards.saturation ?? [])
      .filter((s) => s.labels.service_name === svc)
      .sort((a, b) => (a.labels.resource ?? '').localeCompare(b.labels.resource ?? ''))
      .map((s) => `${s.labels.resource ?? '?'} ${pct(s.value)}`);
    if (sat.length) lines.saturation.push(`${svc}: ${sat.join(' · ')}`);
  }
  return SIGNALS.map((signal) => signalCard(signal, lines[signal], alerts));
}

function signalCard(signal: Signal, lines: readonly string[], alerts: readonly AlertView[]): SignalCard {
  const mine = alerts.filter((a) => a.signal === signal);
  const heard = mine.filter((a) => a.muted === undefined);
  const firing = heard.filter((a) => a.state === 'firing');
  const loudest = firing.reduce<string | undefined>(
    (m, a) => (m === undefined || severityRank(a.severity) > severityRank(m) ? a.severity : m),
    undefined,
  );
  const state: CardState =
    loudest !== undefined
      ? (['info', 'warning', 'critical'] as const)[severityRank(loudest)]!
      : lines.length
        ? 'ok'
        : 'unknown';
  return {
    signal,
    state,
    lines,
    firing: firing.length,
    pending: heard.length - firing.length,
    muted: mine.length - heard.length,
  };
}

/** The status page's business row: revenue, conversion and the funnel. */
export interface BusinessCards {
  /** Revenue so far today and yesterday by the same hour, by currency. */
  readonly revenue: ReadonlyArray<{
    readonly currency: string;
    readonly today: number;
    readonly yesterday?: number;
    /** today / yesterday - 1, when yesterday had revenue. */
    readonly change?: number;
  }>;
  /** Signups and purchases over page views (the seed's "signup rate" and "purchase rate"), 0..1. */
  readonly signupRate?: number;
  readonly purchaseRate?: number;
  readonly signupsPerMinute?: number;
  readonly purchasesPerMinute?: number;
}

/** The business cards from the business queries. */
export function businessCards(r: Results): BusinessCards {
  const one = (name: string) => r[name]?.[0]?.value;
  const views = one('pageViews');
  const signups = one('signups');
  const purchases = one('purchases');
  const yesterday = new Map((r.revenueYesterday ?? []).map((s) => [s.labels.currency ?? '', s.value]));
  const revenue = (r.revenueToday ?? []).map((s) => {
    const currency = s.labels.currency ?? '';
    const y = yesterday.get(currency);
    return {
      currency,
      today: s.value,
      ...(y !== undefined ? { yesterday: y } : {}),
      ...(y ? { change: s.value / y - 1 } : {}),
    };
  });
  const ratio = (n: number | undefined) => (n !== undefined && views ? n / views : undefined);
  const perMin = (n: number | undefined) => (n === undefined ? undefined : n * 60);
  const out: Record<string, unknown> = { revenue };
  for (const [k, v] of Object.entries({
    signupRate: ratio(signups),
    purchaseRate: ratio(purchases),
    signupsPerMinute: perMin(signups),
    purchasesPerMinute: perMin(purchases),
  }))
    if (v !== undefined && Number.isFinite(v)) out[k] = v;
  return out as unknown as BusinessCards;
}

/** A silence as the page lists it (matchers as text; no secrets live on silences). */
export function silenceViews(silences: readonly Silence[], now: number) {
  return silences.map((s) => {
    const end = s.expiredAt ?? s.endsAt;
    const state = end <= now ? 'expired' : s.startsAt > now ? 'pending' : 'active';
    return {
      id: s.id,
      matchers: s.matchers.map(formatMatcher),
      startsAt: s.startsAt,
      endsAt: end,
      createdBy: s.createdBy,
      comment: s.comment,
      state,
    };
  });
}

/** The whole summary the page polls. */
export function buildSummary(input: SummaryInput) {
  const alerts = alertViews(input.alerts, {
    ...(input.rules ? { rules: input.rules } : {}),
    ...(input.mutedBy ? { mutedBy: input.mutedBy } : {}),
  });
  return {
    generatedAt: input.now,
    lastCycleAt: input.lastCycleAt,
    window: input.window,
    prometheus: input.prometheusError ? { ok: false, error: input.prometheusError } : { ok: true },
    signals: signalCards(input.cards, alerts),
    business: businessCards(input.business),
    alerts,
    history: [...input.history].reverse(),
    notifications: input.notifications,
    silences: silenceViews(input.silences, input.now),
  };
}

/** The summary's JSON shape. */
export type StatusSummary = ReturnType<typeof buildSummary>;

function num(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function pct(v: number): string {
  return `${(v * 100).toFixed(v < 0.1 ? 1 : 0)} %`;
}

function secs(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : formatSeconds(v);
}
