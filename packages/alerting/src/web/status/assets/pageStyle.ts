/** The status page's CSS: the seed's dashboard (cards with a coloured left border), made live. */
export const PAGE_STYLE = `
:root { --ok: #44bb44; --info: #36a64f; --warning: #ffaa00; --critical: #ff4444; --muted: #666; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 0; background: #f4f5f7; color: #1d1d1f; }
header { background: #1d1d1f; color: #fff; padding: 12px 20px; display: flex; align-items: baseline; gap: 20px; }
header h1 { margin: 0; font-size: 20px; }
header .muted { color: #bbb; }
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
.badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 12px; font-weight: 600; color: #fff; background: var(--ok); }
.badge.info { background: var(--info); }
.badge.warning { background: var(--warning); color: #1d1d1f; }
.badge.critical { background: var(--critical); }
.badge.pending, .badge.other { background: #888; }
.big { font-size: 22px; font-weight: 600; }
table { width: 100%; border-collapse: collapse; background: #fff; border-radius: 8px; overflow: hidden; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #fafafa; font-weight: 600; }
td ul { margin: 0; padding-left: 16px; }
tr.sev-critical td:first-child { border-left: 4px solid var(--critical); }
tr.sev-warning td:first-child { border-left: 4px solid var(--warning); }
tr.sev-info td:first-child { border-left: 4px solid var(--info); }
.row { display: flex; align-items: center; justify-content: space-between; }
.split { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
@media (max-width: 900px) { .split { grid-template-columns: 1fr; } }
.service h3 { margin: 12px 0 4px; font-size: 14px; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.chart { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 6px; min-height: 200px; }
.chart .title { font-size: 13px; font-weight: 600; margin: 2px 4px; }
.silence-form { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-end; margin-top: 10px; background: #fff; padding: 10px; border-radius: 8px; border: 1px solid #ddd; }
.silence-form label { display: flex; flex-direction: column; font-size: 12px; gap: 2px; }
.silence-form textarea { min-width: 280px; font-family: ui-monospace, monospace; }
button { cursor: pointer; border: 1px solid #bbb; background: #fff; border-radius: 6px; padding: 3px 10px; }
button:hover { background: #f0f0f0; }
code { font-family: ui-monospace, monospace; font-size: 12px; }
`;
