/**
 * The JSON the page reads from /status/api/summary and /status/api/charts, as far as the page uses
 * it (the server builds it in statusSummary.ts and statusPage.ts).
 */

/** One golden-signal card. */
export interface SignalCard {
  readonly signal: string;
  readonly state: string;
  readonly firing: number;
  readonly pending: number;
  readonly muted: number;
  readonly lines: readonly string[];
}

/** Revenue today against yesterday by the same hour. */
export interface Revenue {
  readonly currency: string;
  readonly today: number;
  readonly yesterday?: number;
  readonly change?: number;
}

/** The business cards. */
export interface Business {
  readonly revenue: readonly Revenue[];
  readonly signupRate?: number;
  readonly purchaseRate?: number;
  readonly signupsPerMinute?: number;
  readonly purchasesPerMinute?: number;
}

/** One alert row. */
export interface AlertRow {
  readonly alertname: string;
  readonly service?: string;
  readonly severity: string;
  readonly state: string;
  readonly summary?: string;
  readonly value: number;
  readonly threshold?: number;
  /** Value and threshold in the rule's unit, e.g. `998 ms (threshold 500 ms)`. */
  readonly valueText: string;
  /** `silenced` or `inhibited` when receivers do not hear about it. */
  readonly muted?: string;
  readonly reasons: readonly string[];
  readonly firedAt?: number;
  readonly activeAt: number;
}

/** One notification record. */
export interface NotificationRow {
  readonly at: number;
  readonly kind: string;
  readonly repeat?: boolean;
  readonly alertnames?: readonly string[];
  readonly alertCount: number;
  readonly receiver: string;
  readonly integration: string;
  readonly status: string;
  readonly reason?: string;
}

/** One history event. */
export interface HistoryRow {
  readonly at: number;
  readonly kind: string;
  readonly severity: string;
  readonly previousSeverity?: string;
  readonly labels: Readonly<Record<string, string | undefined>>;
  readonly reasons?: readonly string[];
}

/** One silence. */
export interface SilenceRow {
  readonly id: string;
  readonly matchers: readonly string[];
  readonly state: string;
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** /status/api/summary. */
export interface Summary {
  readonly lastCycleAt: number;
  readonly window: string;
  readonly generatedAt: number;
  readonly prometheus: { readonly ok: boolean; readonly error?: string };
  readonly signals: readonly SignalCard[];
  readonly business: Business;
  readonly alerts: readonly AlertRow[];
  readonly notifications: readonly NotificationRow[];
  readonly history: readonly HistoryRow[];
  readonly silences: readonly SilenceRow[];
}

/** One series of a chart: [seconds, value or gap] points. */
export interface ChartSeries {
  readonly label: string;
  readonly points: ReadonlyArray<readonly [number, number | null]>;
}

/** /status/api/charts. */
export interface Charts {
  readonly error?: string;
  readonly services: ReadonlyArray<{
    readonly service: string;
    readonly charts: ReadonlyArray<{
      readonly id: string;
      readonly title: string;
      readonly unit: string;
      readonly thresholds: ReadonlyArray<{
        readonly value: number;
        readonly severity: string;
        readonly label: string;
        readonly rule: string;
      }>;
      readonly series: readonly ChartSeries[];
    }>;
  }>;
}
