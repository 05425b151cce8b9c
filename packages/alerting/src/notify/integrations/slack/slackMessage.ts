import { formatDuration } from '../../../shared/duration.ts';
import type { ContextSnapshot, Notification, NotificationKind, NotifiedAlert } from '../../types.ts';
import { escapeMrkdwn, link, slackDate, truncate } from './mrkdwn.ts';

/**
 * Slack's Block Kit limits ("Blocks" and "chat.postMessage" reference): 50 blocks per message,
 * 3000 characters per section text, 150 per header, 10 elements per context block. Slack also
 * starts to reject (400 invalid_blocks / msg_too_long) or truncate well before its 40k text
 * cap once blocks are large, so the whole message is kept under about 12k characters of text.
 */
export const SLACK_LIMITS = { blocks: 50, section: 3000, header: 150, contextElements: 10, total: 12_000 };

/** The seed's palette and emoji per severity; resolved is green whatever it was. */
const STYLE: Record<string, { color: string; emoji: string }> = {
  critical: { color: '#E01E5A', emoji: ':red_circle:' },
  warning: { color: '#ECB22E', emoji: ':large_orange_circle:' },
  info: { color: '#36C5F0', emoji: ':large_blue_circle:' },
  resolved: { color: '#2EB67D', emoji: ':white_check_mark:' },
};

const TITLE: Record<NotificationKind, string> = {
  firing: 'FIRING',
  escalated: 'ESCALATED',
  deescalated: 'DE-ESCALATED',
  flapping: 'FLAPPING',
  unsilenced: 'SILENCE ENDED, STILL FIRING',
  resolved: 'RESOLVED',
  repeat: 'STILL FIRING',
};

/** Labels every reader already knows from the header, or that are noise in a page. */
const HIDDEN_LABELS = new Set(['alertname', 'severity', '__name__']);

type Block = Record<string, unknown>;

/** A Slack incoming-webhook body. */
export interface SlackPayload {
  text: string;
  attachments: Array<{ color: string; fallback: string; blocks: Block[] }>;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** A number as people read it: 4 significant digits, no exponent for ordinary values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number(v.toPrecision(4)).toString();
}

function styleOf(n: Notification): { color: string; emoji: string } {
  if (n.kind === 'resolved') return STYLE.resolved as { color: string; emoji: string };
  const worst = n.alerts.map((a) => a.alert.severity).sort(bySeverityDesc)[0];
  return STYLE[worst ?? 'warning'] ?? (STYLE.warning as { color: string; emoji: string });
}

function bySeverityDesc(a: string, b: string): number {
  const rank = (s: string) => ['info', 'warning', 'critical'].indexOf(s);
  return rank(b) - rank(a);
}

/** The one-line headline: state, severity change, and which alert (or how many). */
export function headline(n: Notification): string {
  const first = n.alerts[0];
  const name = first?.alert.labels.alertname ?? 'alert';
  const service = first?.alert.labels.service_name;
  let sev = first ? first.alert.severity : '';
  if ((n.kind === 'escalated' || n.kind === 'deescalated') && first?.previousSeverity) {
    sev = `${first.previousSeverity} → ${first.alert.severity}`;
  }
  const what =
    n.alerts.length > 1 ? `${n.alerts.length} alerts · ${name}` : `${name}${service ? ` (${service})` : ''}`;
  const parts = [
    n.repeat ? '(repeat) ' : '',
    TITLE[n.kind],
    n.kind === 'resolved' ? '' : ` · ${sev}`,
    ` · ${what}`,
  ];
  return parts.join('');
}

function contextLine(c: ContextSnapshot | undefined): string | undefined {
  if (!c) return undefined;
  const parts: string[] = [];
  if (c.requestRate !== undefined) parts.push(`rate ${formatValue(c.requestRate)} req/s`);
  if (c.errorRatio !== undefined) parts.push(`errors ${formatValue(c.errorRatio * 100)}%`);
  if (c.p99Seconds !== undefined) parts.push(`p99 ${formatValue(c.p99Seconds * 1000)} ms`);
  return parts.length ? `${escapeMrkdwn(c.service)} at fire time: ${parts.join(' · ')}` : undefined;
}

/** The body of one alert: what, how bad, why this loud, since when, where to look. */
function alertSection(n: Notification, na: NotifiedAlert, now: number): string {
  const a = na.alert;
  const lines: string[] = [];
  const summary = a.annotations.summary ?? a.annotations.description ?? a.labels.alertname ?? '';
  // Resolved on no data: the annotations still quote the value it fired with; say so.
  const noData = n.kind === 'resolved' && a.reasons.includes('resolved: no data');
  lines.push(`*${escapeMrkdwn(truncate(summary, 500))}*${noData ? ' (at fire time)' : ''}`);
  if (n.kind === 'escalated' || n.kind === 'deescalated') {
    const word = n.kind === 'escalated' ? 'Escalated' : 'De-escalated';
    lines.push(`${word} from *${escapeMrkdwn(na.previousSeverity ?? '?')}* to *${escapeMrkdwn(a.severity)}*`);
  }
  if (n.kind === 'resolved') {
    const end = a.resolvedAt ?? now;
    lines.push(
      `Resolved ${slackDate(end)} after ${formatDuration(roundToSeconds(end - (a.firedAt ?? a.activeAt)))}`,
    );
    lines.push(
      noData ? 'No data at resolve (the series is gone)' : `Value at resolve *${formatValue(a.value)}*`,
    );
  } else {
    const vs = a.threshold !== undefined ? ` vs threshold ${formatValue(a.threshold)}` : '';
    lines.push(`Value *${formatValue(a.value)}*${vs} · firing since ${slackDate(a.firedAt ?? a.activeAt)}`);
  }
  if (na.silence) {
    const s = na.silence;
    lines.push(`Silence by ${escapeMrkdwn(s.createdBy)} ended (${escapeMrkdwn(truncate(s.comment, 200))})`);
  }
  if (a.flapping) lines.push('_Flapping: further changes are held until it settles._');
  if (a.reasons.length && n.kind !== 'resolved') {
    lines.push(`Severity: ${a.reasons.map((r) => escapeMrkdwn(truncate(r, 200))).join('; ')}`);
  }
  const labels = Object.entries(a.labels)
    .filter(([k]) => !HIDDEN_LABELS.has(k))
    .map(([k, v]) => `${escapeMrkdwn(k)}=${escapeMrkdwn(truncate(v, 120))}`);
  if (labels.length) lines.push(labels.join(', '));
  if (a.annotations.description && a.annotations.summary) {
    lines.push(escapeMrkdwn(truncate(a.annotations.description, 800)));
  }
  const links = [
    link(a.annotations.runbook_url, 'Runbook'),
    link(a.annotations.dashboard_url, 'Dashboard'),
    link(a.generatorURL, 'Source'),
  ]
    .filter((x): x is string => !!x)
    .join(' · ');
  // The links are what on-call clicks: cut the labels and description to fit, never the links.
  const body = truncate(lines.join('\n'), SLACK_LIMITS.section - (links ? links.length + 1 : 0));
  return links ? `${body}\n${links}` : body;
}

/** Labels whose values differ between the alerts (what tells the rest apart), shown first. */
function varyingLabels(alerts: readonly NotifiedAlert[]): string[] {
  const keys = new Set(alerts.flatMap((na) => Object.keys(na.alert.labels)));
  return [...keys].filter((k) => {
    if (k === 'severity') return false;
    const first = alerts[0]?.alert.labels[k];
    return alerts.some((na) => na.alert.labels[k] !== first);
  });
}

/** A one-line mention of an alert for the "and N more" summary: the labels that set it apart. */
function shortName(na: NotifiedAlert, varying: readonly string[]): string {
  const l = na.alert.labels;
  const own = varying.filter((k) => l[k] !== undefined).map((k) => `${k}=${l[k]}`);
  if (own.length) return own.join(' ');
  return `${l.alertname ?? 'alert'}${l.service_name ? ` (${l.service_name})` : ''}`;
}

/**
 * Renders a notification as a Slack message: a `text` fallback (notifications, screen readers,
 * clients without blocks) and a colored attachment of blocks. However many alerts it carries,
 * the result fits Slack's limits: alerts that do not fit are summarised as "and N more".
 */
export function renderSlack(n: Notification, now: number): SlackPayload {
  const style = styleOf(n);
  const head = headline(n);
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${head}`, SLACK_LIMITS.header), emoji: true },
    },
  ];
  let used = head.length;
  // Reserve room for the closing "and N more" section.
  const maxBlocks = SLACK_LIMITS.blocks - 1;
  let shown = 0;
  for (const na of n.alerts) {
    const section = { type: 'section', text: mrkdwn(alertSection(n, na, now)) };
    const ctx = contextLine(na.context);
    const extra: Block[] = ctx ? [{ type: 'context', elements: [mrkdwn(ctx)] }] : [];
    const size = (section.text.text as string).length + (ctx?.length ?? 0);
    if (blocks.length + 1 + extra.length > maxBlocks || used + size > SLACK_LIMITS.total - 400) break;
    blocks.push(section, ...extra);
    used += size;
    shown++;
  }
  const rest = n.alerts.slice(shown);
  if (rest.length) {
    const varying = varyingLabels(n.alerts);
    const names = rest.map((na) => escapeMrkdwn(shortName(na, varying)));
    const list = truncate(names.join(', '), 300);
    blocks.push({ type: 'section', text: mrkdwn(`…and ${rest.length} more: ${list}`) });
  }
  const first = n.alerts[0];
  const summary = first?.alert.annotations.summary;
  const text = truncate(
    `${style.emoji} ${escapeMrkdwn(head)}${summary ? ` — ${escapeMrkdwn(summary)}` : ''}`,
    500,
  );
  return { text, attachments: [{ color: style.color, fallback: text, blocks }] };
}

/** Whole seconds: a page lasting 1m35s reads better without the 51ms the clock adds. */
function roundToSeconds(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}
