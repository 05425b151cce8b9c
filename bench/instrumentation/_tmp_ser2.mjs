const N = 10000,
  LE = [
    '0.005',
    '0.01',
    '0.025',
    '0.05',
    '0.075',
    '0.1',
    '0.25',
    '0.5',
    '0.75',
    '1',
    '2.5',
    '5',
    '7.5',
    '10',
    '+Inf',
  ];
const series = Array.from({ length: N }, (_, i) => ({
  labels: `{service_name="bench",http_request_method="GET",http_route="/route/${i}",http_response_status_code="200"`,
  counts: LE.map((_, j) => (j * 7 + i) % 5),
  sum: i / 100,
  count: 50,
}));
const name = 'http_server_request_duration_seconds';
function seriesText(s) {
  let text = '';
  let c = 0;
  for (let i = 0; i < LE.length; i++) {
    c += s.counts[i];
    text += `${name}_bucket${s.labels},le="${LE[i]}"} ${c}\n`;
  }
  return `${text}${name}_sum${s.labels}} ${s.sum}\n${name}_count${s.labels}} ${s.count}\n`;
}
function A() {
  const chunks = [];
  let pending = [];
  let pc = 0;
  let out = '';
  let k = 0;
  for (const s of series) {
    out += seriesText(s);
    if (++k >= 100) {
      pending.push(out);
      pc += out.length;
      out = '';
      k = 0;
      if (pc >= 1 << 20) {
        chunks.push(Buffer.from(pending.join(''), 'utf8'));
        pending = [];
        pc = 0;
      }
    }
  }
  if (out) pending.push(out);
  if (pending.length) chunks.push(Buffer.from(pending.join(''), 'utf8'));
  return chunks;
}
function B() {
  const chunks = [];
  let buf = Buffer.allocUnsafeSlow(1 << 20);
  let off = 0;
  for (const s of series) {
    const t = seriesText(s);
    if (t.length * 3 > buf.length - off) {
      chunks.push(buf.subarray(0, off));
      buf = Buffer.allocUnsafeSlow(Math.max(1 << 20, t.length * 3));
      off = 0;
    }
    off += buf.utf8Write(t, off);
  }
  chunks.push(buf.subarray(0, off));
  return chunks;
}
function C() {
  const chunks = [];
  let buf = Buffer.allocUnsafeSlow(1 << 20);
  let off = 0;
  for (const s of series) {
    const t = seriesText(s);
    if (t.length > buf.length - off) {
      chunks.push(buf.subarray(0, off));
      buf = Buffer.allocUnsafeSlow(Math.max(1 << 20, t.length * 3));
      off = 0;
    }
    off += buf.latin1Write(t, off);
  }
  chunks.push(buf.subarray(0, off));
  return chunks;
}
for (let r = 0; r < 8; r++)
  for (const [n, f] of [
    ['A', A],
    ['B', B],
    ['C', C],
  ]) {
    const t0 = performance.now();
    const c = f();
    const t = performance.now() - t0;
    if (r >= 2)
      console.log(
        n,
        t.toFixed(0),
        c.reduce((a, b) => a + b.length, 0),
      );
  }
