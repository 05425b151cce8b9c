/**
 * The status page's HTML: a static shell with no data in it. Everything dynamic is placed by
 * status.js with textContent, so no label value is ever parsed as HTML.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Golden signals · status</title>
<link rel="stylesheet" href="/status/assets/uPlot.min.css">
<link rel="stylesheet" href="/status/assets/status.css">
</head>
<body>
<header>
  <h1>Golden signals</h1>
  <p id="freshness" class="muted">loading…</p>
</header>
<main>
  <p id="problem" class="problem" hidden></p>
  <section>
    <h2>Four golden signals</h2>
    <div id="signals" class="cards"></div>
  </section>
  <section>
    <h2>Business impact</h2>
    <div id="business" class="cards"></div>
  </section>
  <section>
    <h2>Alerts</h2>
    <div id="alerts"></div>
  </section>
  <section>
    <div class="row">
      <h2>Golden signals per service</h2>
      <label>range
        <select id="range">
          <option value="300">5 min</option>
          <option value="900" selected>15 min</option>
          <option value="3600">1 h</option>
          <option value="21600">6 h</option>
          <option value="86400">24 h</option>
        </select>
      </label>
    </div>
    <div id="charts"></div>
  </section>
  <section class="split">
    <div>
      <h2>Recent notifications</h2>
      <div id="notifications"></div>
    </div>
    <div>
      <h2>Alert history</h2>
      <div id="history"></div>
    </div>
  </section>
  <section>
    <h2>Silences</h2>
    <div id="silences"></div>
    <form id="silence-form" class="silence-form">
      <label>Matchers, one per line<textarea name="matchers" rows="2" required placeholder='alertname="HTTPErrorRatio"&#10;service_name="checkout"'></textarea></label>
      <label>For<input name="duration" value="1h" size="6" required></label>
      <label>Who<input name="createdBy" required placeholder="your name"></label>
      <label>Why<input name="comment" required placeholder="ticket or reason"></label>
      <label id="token-label" hidden>Token<input name="token" type="password" autocomplete="off"></label>
      <button type="submit">Silence</button>
      <span id="silence-result" class="muted"></span>
    </form>
  </section>
</main>
<script src="/status/assets/uPlot.iife.min.js"></script>
<script src="/status/assets/status.js"></script>
</body>
</html>
`;
