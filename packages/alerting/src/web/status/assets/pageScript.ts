/**
 * The status page's script: polls /status/api/summary (every 5 s) and /status/api/charts (every
 * 15 s) and renders them. Plain browser JavaScript, no build step. Every value reaches the DOM
 * through textContent or an attribute, never innerHTML, so labels are always inert text.
 */
export const PAGE_SCRIPT = String.raw`'use strict';
(function () {
  var SIGNAL_TITLES = { latency: 'Latency', traffic: 'Traffic', errors: 'Errors', saturation: 'Saturation' };
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
  var plots = [];
  var token = '';

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] === undefined || attrs[k] === null || attrs[k] === false) continue;
      if (k === 'onclick') node.addEventListener('click', attrs[k]);
      else node.setAttribute(k, String(attrs[k]));
    }
    (children || []).forEach(function (c) {
      if (c === undefined || c === null) return;
      node.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function $(id) { return document.getElementById(id); }
  function fill(id, nodes) { var n = $(id); n.replaceChildren.apply(n, nodes); }

  function ago(ms) {
    if (!ms) return '–';
    var s = Math.max(0, Math.round((Date.now() - ms) / 1000));
    if (s < 60) return s + ' s ago';
    if (s < 3600) return Math.floor(s / 60) + ' min ago';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min ago';
    return Math.floor(s / 86400) + ' d ago';
  }
  function clock(ms) { return new Date(ms).toLocaleString(); }
  function pct(v) { return (v * 100).toFixed(v < 0.1 ? 2 : 1) + ' %'; }
  function money(v, cur) {
    try { return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(v); }
    catch (e) { return v.toFixed(2) + ' ' + cur; }
  }
  function fmt(v, unit) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    if (unit === 'ratio') return pct(v);
    if (unit === 'seconds') return v < 1 ? Math.round(v * 1000) + ' ms' : v.toFixed(2) + ' s';
    return v >= 100 ? v.toFixed(0) : v.toFixed(2);
  }
  function sevClass(s) { return ['info', 'warning', 'critical'].indexOf(s) >= 0 ? s : 'other'; }
  function badge(text, cls) { return el('span', { class: 'badge ' + cls }, [text]); }
  function table(headers, rows, empty) {
    if (!rows.length) return [el('p', { class: 'muted' }, [empty])];
    return [el('table', {}, [
      el('thead', {}, [el('tr', {}, headers.map(function (h) { return el('th', {}, [h]); }))]),
      el('tbody', {}, rows),
    ])];
  }

  function renderSignals(cards) {
    fill('signals', cards.map(function (c) {
      var state = c.state === 'ok' ? 'ok' : c.state;
      var status = c.firing ? c.firing + ' firing' : c.pending ? c.pending + ' pending' : 'normal';
      var lines = c.lines.length ? c.lines : ['no data yet'];
      return el('div', { class: 'card ' + state, 'data-signal': c.signal, 'data-state': state }, [
        el('h3', {}, [SIGNAL_TITLES[c.signal] || c.signal, badge(status, state === 'ok' ? 'ok' : state)]),
      ].concat(lines.map(function (l) { return el('p', {}, [l]); })));
    }));
  }

  function renderBusiness(b) {
    var rev = b.revenue.length ? b.revenue.map(function (r) {
      var vs = r.yesterday === undefined ? 'yesterday: no data'
        : 'yesterday by now: ' + money(r.yesterday, r.currency) +
          (r.change === undefined ? '' : ' (' + (r.change >= 0 ? '+' : '') + (r.change * 100).toFixed(1) + ' %)');
      return el('div', {}, [el('p', { class: 'big' }, [money(r.today, r.currency)]), el('p', { class: 'muted' }, [vs])]);
    }) : [el('p', { class: 'muted' }, ['no revenue recorded today'])];
    var conv = [
      el('p', {}, ['Signup rate: ' + (b.signupRate === undefined ? '–' : pct(b.signupRate)) +
        ' · Purchase rate: ' + (b.purchaseRate === undefined ? '–' : pct(b.purchaseRate))]),
      el('p', { class: 'muted' }, [(b.signupsPerMinute === undefined ? '–' : b.signupsPerMinute.toFixed(1)) + ' signups/min · ' +
        (b.purchasesPerMinute === undefined ? '–' : b.purchasesPerMinute.toFixed(1)) + ' purchases/min (of page views)']),
    ];
    fill('business', [
      el('div', { class: 'card', 'data-card': 'revenue' }, [el('h3', {}, ['Revenue today'])].concat(rev)),
      el('div', { class: 'card', 'data-card': 'conversions' }, [el('h3', {}, ['Conversions'])].concat(conv)),
    ]);
  }

  function silenceFor(a) {
    var f = $('silence-form');
    var m = ['alertname="' + a.alertname + '"'];
    if (a.service) m.push('service_name="' + a.service + '"');
    f.elements.matchers.value = m.join('\n');
    f.elements.createdBy.focus();
  }

  function renderAlerts(alerts) {
    var rows = alerts.map(function (a) {
      var sev = sevClass(a.severity);
      var value = fmt(a.value, a.value <= 1 && a.value >= 0 ? 'ratio' : 'number') +
        (a.threshold === undefined ? '' : ' (threshold ' + fmt(a.threshold, a.threshold <= 1 ? 'ratio' : 'number') + ')');
      return el('tr', { class: 'alert-row sev-' + sev, 'data-severity': a.severity, 'data-state': a.state, 'data-alertname': a.alertname }, [
        el('td', {}, [badge(a.severity, a.state === 'pending' ? 'pending' : sev)]),
        el('td', {}, [el('strong', {}, [a.alertname]), a.service ? el('div', { class: 'muted' }, [a.service]) : null]),
        el('td', {}, [a.state]),
        el('td', {}, [a.summary || '', el('div', { class: 'muted' }, [value])]),
        el('td', {}, [el('ul', {}, a.reasons.map(function (r) { return el('li', {}, [r]); }))]),
        el('td', { title: clock(a.firedAt || a.activeAt) }, [ago(a.firedAt || a.activeAt)]),
        el('td', {}, [el('button', { type: 'button', onclick: function () { silenceFor(a); } }, ['Silence…'])]),
      ]);
    });
    fill('alerts', table(['Severity', 'Alert', 'State', 'Summary', 'Why this severity', 'Since', ''], rows,
      'No alerts firing or pending.'));
  }

  function renderNotifications(list) {
    fill('notifications', table(['When', 'Kind', 'Alerts', 'To', 'Status'], list.slice(0, 20).map(function (n) {
      return el('tr', {}, [
        el('td', { title: clock(n.at) }, [ago(n.at)]),
        el('td', {}, [n.kind + (n.repeat ? ' (repeat)' : '')]),
        el('td', {}, [(n.alertnames || []).join(', ') + (n.alertCount > 1 ? ' ×' + n.alertCount : '')]),
        el('td', {}, [n.receiver + ' / ' + n.integration]),
        el('td', {}, [n.status + (n.reason ? ': ' + n.reason : '')]),
      ]);
    }), 'Nothing sent yet.'));
  }

  function renderHistory(list) {
    fill('history', table(['When', 'Event', 'Alert', 'Severity', 'Reasons'], list.slice(0, 20).map(function (h) {
      var sev = h.previousSeverity ? h.previousSeverity + ' → ' + h.severity : h.severity;
      return el('tr', { class: 'sev-' + sevClass(h.severity) }, [
        el('td', { title: clock(h.at) }, [ago(h.at)]),
        el('td', {}, [h.kind]),
        el('td', {}, [(h.labels.alertname || '') + (h.labels.service_name ? ' · ' + h.labels.service_name : '')]),
        el('td', {}, [sev]),
        el('td', {}, [(h.reasons || []).join('; ')]),
      ]);
    }), 'No alert events yet.'));
  }

  function renderSilences(list) {
    fill('silences', table(['Matchers', 'State', 'Until', 'By', 'Why', ''], list.map(function (s) {
      return el('tr', { 'data-silence': s.id }, [
        el('td', {}, [el('code', {}, [s.matchers.join(', ')])]),
        el('td', {}, [s.state]),
        el('td', {}, [clock(s.endsAt)]),
        el('td', {}, [s.createdBy]),
        el('td', {}, [s.comment]),
        el('td', {}, [s.state === 'expired' ? '' : el('button', { type: 'button', onclick: function () { expire(s.id); } }, ['Expire'])]),
      ]);
    }), 'No silences.'));
  }

  function headers() {
    var h = { 'content-type': 'application/json' };
    if (token) h.authorization = 'Bearer ' + token;
    return h;
  }
  function needToken(res) {
    if (res.status === 401) { $('token-label').hidden = false; return true; }
    return false;
  }
  function expire(id) {
    fetch('/api/v1/silences/' + encodeURIComponent(id), { method: 'DELETE', headers: headers() }).then(function (res) {
      $('silence-result').textContent = needToken(res) ? 'a token is required: enter it below and retry' : res.ok ? 'silence expired' : 'could not expire (HTTP ' + res.status + ')';
      refresh();
    });
  }
  $('silence-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var f = ev.target.elements;
    token = f.token.value || token;
    var body = {
      matchers: f.matchers.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean),
      duration: f.duration.value.trim(), createdBy: f.createdBy.value.trim(), comment: f.comment.value.trim(),
    };
    fetch('/api/v1/silences', { method: 'POST', headers: headers(), body: JSON.stringify(body) })
      .then(function (res) { return res.json().catch(function () { return {}; }).then(function (j) { return [res, j]; }); })
      .then(function (r) {
        $('silence-result').textContent = needToken(r[0]) ? 'a token is required: enter it and submit again'
          : r[0].ok ? 'silenced' : 'refused: ' + (r[1].error || 'HTTP ' + r[0].status);
        refresh();
      });
  });

  function renderSummary(s) {
    $('freshness').textContent = 'last evaluation ' + ago(s.lastCycleAt) + ' · rate window ' + s.window + ' · updated ' + new Date(s.generatedAt).toLocaleTimeString();
    var p = $('problem');
    p.hidden = s.prometheus.ok;
    p.textContent = s.prometheus.ok ? '' : 'Prometheus did not answer: ' + s.prometheus.error;
    renderSignals(s.signals);
    renderBusiness(s.business);
    renderAlerts(s.alerts);
    renderNotifications(s.notifications);
    renderHistory(s.history);
    renderSilences(s.silences);
  }

  // uPlot wants one shared x array: align every series of a chart on the union of timestamps.
  function align(series) {
    var xs = {};
    series.forEach(function (s) { s.points.forEach(function (p) { xs[p[0]] = true; }); });
    var x = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    var data = [x];
    series.forEach(function (s) {
      var m = {};
      s.points.forEach(function (p) { m[p[0]] = p[1]; });
      data.push(x.map(function (t) { return t in m ? m[t] : null; }));
    });
    return data;
  }

  function renderCharts(c) {
    plots.forEach(function (p) { p.destroy(); });
    plots = [];
    var root = $('charts');
    if (!c.services.length) { fill('charts', [el('p', { class: 'muted' }, [c.error ? 'Prometheus did not answer: ' + c.error : 'No instrumented service seen yet.'])]); return; }
    var width = Math.max(300, Math.min(480, Math.floor((root.clientWidth || 1200) / 3) - 30));
    fill('charts', c.services.map(function (svc) {
      var grid = el('div', { class: 'chart-grid' });
      svc.charts.forEach(function (ch) {
        var points = ch.series.reduce(function (n, s) { return n + s.points.filter(function (p) { return p[1] !== null; }).length; }, 0);
        var box = el('div', { class: 'chart', 'data-chart': ch.id, 'data-service': svc.service, 'data-points': points }, [el('div', { class: 'title' }, [ch.title])]);
        grid.appendChild(box);
        if (!points) { box.appendChild(el('p', { class: 'muted' }, ['no data in this range'])); return; }
        var opts = {
          width: width, height: 170,
          scales: { x: { time: true }, y: { range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } } },
          axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return fmt(v, ch.unit); }); } }],
          series: [{}].concat(ch.series.map(function (s, i) {
            return { label: s.label, stroke: COLORS[i % COLORS.length], width: 1.5, value: function (u, v) { return fmt(v, ch.unit); } };
          })),
        };
        plots.push(new uPlot(opts, align(ch.series), box));
      });
      return el('div', { class: 'service', 'data-service': svc.service }, [el('h3', {}, [svc.service || '(no service_name)']), grid]);
    }));
  }

  function refresh() {
    return fetch('/status/api/summary', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(renderSummary)
      .catch(function (e) { $('freshness').textContent = 'the alerting service did not answer: ' + e; });
  }
  function refreshCharts() {
    return fetch('/status/api/charts?range=' + $('range').value, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(renderCharts)
      .catch(function () {});
  }
  $('range').addEventListener('change', refreshCharts);
  refresh();
  refreshCharts();
  setInterval(refresh, 5000);
  setInterval(refreshCharts, 15000);
})();
`;
