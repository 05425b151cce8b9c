/**
 * The status page's CSS: the seed's dashboard (cards with a coloured left border), made live.
 * Badge colours meet WCAG 2.1 AA for their 12 px text (4.5:1; the Chromium test measures them
 * from the computed styles): white on --ok 5.3:1, on --info 6.3:1, on --critical 6.5:1, on grey
 * 6.1:1; dark text on --warning 8.8:1. Info is blue so it never reads as the ok green.
 */
export const PAGE_STYLE = `
:root { --ok: #1e7b34; --info: #1a5fb4; --warning: #ffaa00; --critical: #b3261e; --grey: #5f6368; --muted: #5f6368; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
header { background: #1d1d1f; color: #fff; padding: 12px 20px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 20px; }
header h1 { margin: 0; font-size: 20px; }
header .muted { color: #c8c8c8; }
main { padding: 8px 20px 40px; max-width: 1500px; margin: 0 auto; }
h2 { font-size: 16px; margin: 20px 0 8px; }
.muted { color: var(--muted); font-size: 13px; }
.problem { background: #fff3f3; border: 1px solid var(--critical); padding: 8px 12px; border-radius: 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; }
.card { background: #fff; border: 1px solid #ddd; border-left: 6px solid var(--ok); border-radius: 8px; padding: 12px 14px; }
.card h3 { margin: 0 0 6px; font-size: 15px; display: flex; justify-content: space-between; }
.card p { margin: 2px 0; font-size: 13px; }
.card.info { border-left-color: var(--info); }
.card.warning { border-left-color: var(--warning); }
.card.critical { border-left-color: var(--critical); }
.card.unknown { border-left-color: var(--grey); border-left-style: dashed; }
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; color: #fff; background: var(--ok); }
.badge.info { background: var(--info); }
.badge.warning { background: var(--warning); color: #1d1d1f; }
.badge.critical { background: var(--critical); }
.badge.pending, .badge.other, .badge.unknown { background: var(--grey); }
.badge.muted { background: #e8eaed; color: #202124; outline: 1px dashed var(--grey); }
.big { font-size: 22px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; overflow: hidden; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #fafafa; font-weight: 600; }
td ul { margin: 0; padding-left: 16px; }
tr.sev-critical td:first-child { border-left: 4px solid var(--critical); }
tr.sev-warning td:first-child { border-left: 4px solid var(--warning); }
tr.sev-info td:first-child { border-left: 4px solid var(--info); }
tr.sev-muted td:first-child { border-left: 4px dashed var(--grey); }
tr.sev-muted { color: #3c4043; background: #f8f9fa; }
.row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; } }
.service h3 { margin: 12px 0 4px; font-size: 14px; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); gap: 12px; }
.chart { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 6px; min-height: 200px; margin: 0; min-width: 0; overflow: hidden; }
.chart .title { font-size: 13px; font-weight: 600; margin: 2px 4px; }
.chart .u-legend { font-size: 12px; text-align: left; }
.chart .u-legend .u-series { padding: 0 6px; }
.chart-text { font-size: 12px; color: var(--muted); margin: 4px; }
.silence-form { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin-top: 10px; background: #fff; padding: 10px; border-radius: 8px; border: 1px solid #ddd; }
.silence-form label { display: flex; flex-direction: column; font-size: 12px; gap: 2px; }
.silence-form textarea { min-width: min(280px, 100%); max-width: 100%; font-family: ui-monospace, monospace; }
.silence-form label { max-width: 100%; }
/* A phone: tables become one block per row, each cell labelled with its column's header. */
@media (max-width: 640px) {
  main { padding: 8px 10px 40px; }
  header { padding: 10px; }
  .cards { grid-template-columns: 1fr; }
  table, thead, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border-bottom: 1px solid #ddd; padding: 4px 0; }
  td { border: 0; padding: 2px 8px; overflow-wrap: anywhere; }
  td[data-label]:not([data-label=""])::before { content: attr(data-label) ": "; font-weight: 600; }
  tr.sev-critical td:first-child, tr.sev-warning td:first-child, tr.sev-info td:first-child, tr.sev-muted td:first-child { border-left-width: 4px; }
}
button { cursor: pointer; border: 1px solid #bbb; background: #fff; border-radius: 6px; padding: 3px 10px; }
button:hover { background: #f0f0f0; }
code { font-family: ui-monospace, monospace; font-size: 12px; }
`;
