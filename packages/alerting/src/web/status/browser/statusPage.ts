/**
 * The status page's script: polls /status/api/summary (every 5 s) and /status/api/charts (every
 * 15 s) and renders them; the silence form and Expire buttons talk to /api/v1/silences. Bundled
 * into status.js by esbuild (scripts/bundleStatusScript.mjs); type-checked by tsconfig.browser.json.
 */
import { renderCharts } from './charts.ts';
import { ago, byId } from './dom.ts';
import {
  renderAlerts,
  renderBusiness,
  renderHistory,
  renderNotifications,
  renderSignals,
  renderSilences,
} from './render.ts';
import type { AlertRow, Charts, Summary } from './summaryTypes.ts';

let token = '';

type FormFields = Record<'matchers' | 'createdBy' | 'duration' | 'comment' | 'token', HTMLInputElement>;

function form(): HTMLFormElement & { elements: HTMLFormControlsCollection & FormFields } {
  return byId('silence-form');
}

function headers(): Record<string, string> {
  // A token typed into the form serves the Expire buttons too, not only the next silence.
  token = form().elements.token.value || token;
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (token) h.authorization = `Bearer ${token}`;
  return h;
}

function needToken(res: Response): boolean {
  if (res.status === 401) {
    byId('token-label').hidden = false;
    form().elements.token.focus();
    return true;
  }
  return false;
}

function silenceFor(a: AlertRow): void {
  const f = form();
  const m = [`alertname="${a.alertname}"`];
  if (a.service) m.push(`service_name="${a.service}"`);
  f.elements.matchers.value = m.join('\n');
  f.elements.createdBy.focus();
}

function expire(id: string): void {
  void fetch(`/api/v1/silences/${encodeURIComponent(id)}`, { method: 'DELETE', headers: headers() }).then(
    (res) => {
      byId('silence-result').textContent = needToken(res)
        ? 'a token is required: enter it below and retry'
        : res.ok
          ? 'silence expired'
          : `could not expire (HTTP ${res.status})`;
      void refresh();
    },
  );
}

function submitSilence(ev: SubmitEvent): void {
  ev.preventDefault();
  const f = form().elements;
  const body = {
    matchers: f.matchers.value
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    duration: f.duration.value.trim(),
    createdBy: f.createdBy.value.trim(),
    comment: f.comment.value.trim(),
  };
  void fetch('/api/v1/silences', { method: 'POST', headers: headers(), body: JSON.stringify(body) })
    .then((res) =>
      res
        .json()
        .catch(() => ({}))
        .then((j: { error?: string }) => [res, j] as const),
    )
    .then(([res, j]) => {
      byId('silence-result').textContent = needToken(res)
        ? 'a token is required: enter it and submit again'
        : res.ok
          ? 'silenced'
          : `refused: ${j.error || `HTTP ${res.status}`}`;
      void refresh();
    });
}

function renderSummary(s: Summary): void {
  byId('freshness').textContent =
    `last evaluation ${ago(s.lastCycleAt)} · rate window ${s.window} · updated ${new Date(s.generatedAt).toLocaleTimeString()}`;
  const p = byId('problem');
  p.hidden = s.prometheus.ok;
  p.textContent = s.prometheus.ok ? '' : `Prometheus did not answer: ${s.prometheus.error}`;
  renderSignals(s.signals);
  renderBusiness(s.business);
  renderAlerts(s.alerts, silenceFor);
  renderNotifications(s.notifications);
  renderHistory(s.history);
  renderSilences(s.silences, expire);
}

function refresh(): Promise<void> {
  return fetch('/status/api/summary', { cache: 'no-store' })
    .then((r) => r.json() as Promise<Summary>)
    .then(renderSummary)
    .catch((e: unknown) => {
      byId('freshness').textContent = `the alerting service did not answer: ${e}`;
    });
}

function refreshCharts(): Promise<void> {
  return fetch(`/status/api/charts?range=${byId<HTMLSelectElement>('range').value}`, { cache: 'no-store' })
    .then((r) => r.json() as Promise<Charts>)
    .then(renderCharts)
    .catch(() => {});
}

form().addEventListener('submit', submitSilence);
byId('range').addEventListener('change', () => void refreshCharts());
void refresh();
void refreshCharts();
setInterval(refresh, 5000);
setInterval(refreshCharts, 15000);
