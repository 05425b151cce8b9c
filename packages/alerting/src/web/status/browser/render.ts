/** The summary's sections: signal cards, business cards, alerts, notifications, history, silences. */
import { ago, badge, clock, el, fill, money, pct, sevClass, table } from './dom.ts';
import type {
  AlertRow,
  Business,
  HistoryRow,
  NotificationRow,
  SignalCard,
  SilenceRow,
} from './summaryTypes.ts';

const SIGNAL_TITLES: Record<string, string> = {
  latency: 'Latency',
  traffic: 'Traffic',
  errors: 'Errors',
  saturation: 'Saturation',
};

/** The four golden-signal cards. */
export function renderSignals(cards: readonly SignalCard[]): void {
  fill(
    'signals',
    cards.map((c) => {
      const state = c.state;
      const status = c.firing
        ? `${c.firing} firing`
        : c.pending
          ? `${c.pending} pending`
          : state === 'unknown'
            ? 'no data'
            : 'normal';
      const lines = c.lines.length ? c.lines : ['no data from Prometheus: state unknown'];
      return el('div', { class: `card ${state}`, 'data-signal': c.signal, 'data-state': state }, [
        el('h3', {}, [SIGNAL_TITLES[c.signal] || c.signal, badge(status, state)]),
        ...lines.map((l) => el('p', {}, [l])),
        c.muted ? el('p', { class: 'muted' }, [`${c.muted} silenced or inhibited (not paged)`]) : null,
      ]);
    }),
  );
}

/** Revenue today against yesterday, and the conversion rates. */
export function renderBusiness(b: Business): void {
  const rev = b.revenue.length
    ? b.revenue.map((r) => {
        const vs =
          r.yesterday === undefined
            ? 'yesterday: no data'
            : `yesterday by now: ${money(r.yesterday, r.currency)}${
                r.change === undefined ? '' : ` (${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)} %)`
              }`;
        return el('div', {}, [
          el('p', { class: 'big' }, [money(r.today, r.currency)]),
          el('p', { class: 'muted' }, [vs]),
        ]);
      })
    : [el('p', { class: 'muted' }, ['no revenue recorded today'])];
  const perMinute = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1));
  const conv = [
    el('p', {}, [
      `Signup rate: ${b.signupRate === undefined ? '–' : pct(b.signupRate)} · Purchase rate: ${
        b.purchaseRate === undefined ? '–' : pct(b.purchaseRate)
      }`,
    ]),
    el('p', { class: 'muted' }, [
      `${perMinute(b.signupsPerMinute)} signups/min · ${perMinute(b.purchasesPerMinute)} purchases/min (of page views)`,
    ]),
  ];
  fill('business', [
    el('div', { class: 'card', 'data-card': 'revenue' }, [el('h3', {}, ['Revenue today']), ...rev]),
    el('div', { class: 'card', 'data-card': 'conversions' }, [el('h3', {}, ['Conversions']), ...conv]),
  ]);
}

/** The alerts table; each row's button calls `onSilence` with its alert. */
export function renderAlerts(alerts: readonly AlertRow[], onSilence: (a: AlertRow) => void): void {
  const rows = alerts.map((a) => {
    const sev = sevClass(a.severity);
    const since = a.firedAt || a.activeAt;
    const attrs = {
      class: `alert-row sev-${a.muted ? 'muted' : sev}`,
      'data-severity': a.severity,
      'data-state': a.state,
      'data-alertname': a.alertname,
      'data-muted': a.muted,
    };
    const who = a.service ? `${a.alertname} on ${a.service}` : a.alertname;
    return el('tr', attrs, [
      el('td', {}, [badge(a.severity, a.muted ? 'muted' : a.state === 'pending' ? 'pending' : sev)]),
      el('td', {}, [
        el('strong', {}, [a.alertname]),
        a.service ? el('div', { class: 'muted' }, [a.service]) : null,
      ]),
      el('td', { class: 'state' }, [a.muted ? `${a.state}, ${a.muted}: not paged` : a.state]),
      el('td', {}, [a.summary || '', el('div', { class: 'muted value' }, [a.valueText])]),
      el('td', {}, [
        el(
          'ul',
          {},
          a.reasons.map((r) => el('li', {}, [r])),
        ),
      ]),
      el('td', { title: clock(since) }, [ago(since)]),
      el('td', {}, [
        el('button', { type: 'button', 'aria-label': `Silence ${who}…`, onclick: () => onSilence(a) }, [
          'Silence…',
        ]),
      ]),
    ]);
  });
  const headers = ['Severity', 'Alert', 'State', 'Summary', 'Why this severity', 'Since', ''];
  fill('alerts', table(headers, rows, 'No alerts firing or pending.'));
}

/** The latest 20 notifications. */
export function renderNotifications(list: readonly NotificationRow[]): void {
  const rows = list
    .slice(0, 20)
    .map((n) =>
      el('tr', {}, [
        el('td', { title: clock(n.at) }, [ago(n.at)]),
        el('td', {}, [n.kind + (n.repeat ? ' (repeat)' : '')]),
        el('td', {}, [(n.alertnames || []).join(', ') + (n.alertCount > 1 ? ` ×${n.alertCount}` : '')]),
        el('td', {}, [`${n.receiver} / ${n.integration}`]),
        el('td', {}, [n.status + (n.reason ? `: ${n.reason}` : '')]),
      ]),
    );
  fill('notifications', table(['When', 'Kind', 'Alerts', 'To', 'Status'], rows, 'Nothing sent yet.'));
}

/** The latest 20 alert events. */
export function renderHistory(list: readonly HistoryRow[]): void {
  const rows = list.slice(0, 20).map((h) => {
    const sev = h.previousSeverity ? `${h.previousSeverity} → ${h.severity}` : h.severity;
    return el('tr', { class: `sev-${sevClass(h.severity)}` }, [
      el('td', { title: clock(h.at) }, [ago(h.at)]),
      el('td', {}, [h.kind]),
      el('td', {}, [
        (h.labels.alertname || '') + (h.labels.service_name ? ` · ${h.labels.service_name}` : ''),
      ]),
      el('td', {}, [sev]),
      el('td', {}, [(h.reasons || []).join('; ')]),
    ]);
  });
  fill('history', table(['When', 'Event', 'Alert', 'Severity', 'Reasons'], rows, 'No alert events yet.'));
}

/** The silences; an active or pending one has an Expire button calling `onExpire`. */
export function renderSilences(list: readonly SilenceRow[], onExpire: (id: string) => void): void {
  const rows = list.map((s) =>
    el('tr', { 'data-silence': s.id }, [
      el('td', {}, [el('code', {}, [s.matchers.join(', ')])]),
      el('td', {}, [s.state]),
      el('td', {}, [clock(s.endsAt)]),
      el('td', {}, [s.createdBy]),
      el('td', {}, [s.comment]),
      el('td', {}, [
        s.state === 'expired'
          ? ''
          : el(
              'button',
              {
                type: 'button',
                'aria-label': `Expire silence ${s.matchers.join(', ')}`,
                onclick: () => onExpire(s.id),
              },
              ['Expire'],
            ),
      ]),
    ]),
  );
  fill('silences', table(['Matchers', 'State', 'Until', 'By', 'Why', ''], rows, 'No silences.'));
}
