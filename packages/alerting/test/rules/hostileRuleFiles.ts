/**
 * Rule files written at test time to probe loading: what promtool accepts must load, what it
 * rejects must be rejected. The verdict always comes from running promtool; `since3` marks the
 * cases where Prometheus 3.x accepts what 2.42 rejects (we follow 3.x; the README lists them).
 */

/** One generated rule file. */
export interface HostileFile {
  readonly name: string;
  readonly text: string;
  /** Why 3.x (and we) accept what Debian's 2.42 rejects. */
  readonly since3?: string;
}

const alert = (expr: string, extra = '') =>
  `groups:\n- name: g\n  rules:\n  - alert: A\n    expr: ${expr}\n${extra}`;
const annotation = (text: string) => alert('up', `    annotations:\n      a: ${JSON.stringify(text)}\n`);
const chain = (op: string, n: number) => Array.from({ length: n }, (_, i) => `m${i}`).join(` ${op} `);

/** The files (names are file names; keep them unique). */
export const HOSTILE_FILES: readonly HostileFile[] = [
  {
    name: 'alert-name-odd.yml',
    text: alert('up').replace('alert: A', 'alert: "MysqlTooManyConnections(>80%)"'),
  },
  { name: 'alert-name-dash.yml', text: alert('up').replace('alert: A', 'alert: Cert-managerAbsent') },
  { name: 'empty-rules.yml', text: 'groups:\n- name: g\n  rules: []\n' },
  { name: 'null-rules.yml', text: 'groups:\n- name: g\n  rules:\n' },
  { name: 'empty-file.yml', text: '' },
  { name: 'comments-only.yml', text: '# nothing here\n' },
  {
    name: 'merge-keys.yml',
    text: 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: &l {severity: warning}\n  - alert: B\n    expr: up\n    labels:\n      <<: *l\n      team: t\n',
  },
  {
    name: 'multi-doc.yml',
    text: `${alert('up')}---\ngroups:\n- name: h\n  rules:\n  - alert: B\n    expr: rate(up)\n`,
  },
  { name: 'multi-doc-broken-second.yml', text: `${alert('up')}---\nb: [\n` },
  { name: 'leading-marker.yml', text: `---\n${alert('up')}` },
  { name: 'alias-unknown.yml', text: alert('up', '    labels: *nosuch\n') },
  { name: 'alias-cycle.yml', text: 'a: &a [*a]\ngroups: []\n' },
  { name: 'duplicate-key.yml', text: alert('up', '    expr: down\n') },
  { name: 'duplicate-group.yml', text: `${alert('up')}- name: g\n  rules: []\n` },
  { name: 'unknown-field.yml', text: alert('up', '    summary: x\n') },
  { name: 'both-record-alert.yml', text: alert('up', '    record: x:y\n') },
  { name: 'neither-record-alert.yml', text: 'groups:\n- name: g\n  rules:\n  - expr: up\n' },
  { name: 'no-expr.yml', text: 'groups:\n- name: g\n  rules:\n  - alert: A\n' },
  { name: 'rate-of-vector.yml', text: alert('rate(up)') },
  { name: 'bad-regexp.yml', text: alert(`'up{job=~"(["}'`) },
  { name: 'empty-selector.yml', text: alert(`'{}'`) },
  { name: 'histogram-quantile-one-arg.yml', text: alert('histogram_quantile(0.9)') },
  { name: 'name-twice.yml', text: alert(`'up{__name__="x"}'`) },
  { name: 'offset-number.yml', text: alert('up offset 5'), since3: 'numbers as offsets (3.x)' },
  { name: 'or-chain-300.yml', text: alert(chain('or', 300)) },
  { name: 'plus-chain-600.yml', text: alert(chain('+', 600)) },
  { name: 'block-scalar-error.yml', text: alert('|\n      sum(rate(x[5m]))\n        / rate(y)') },
  {
    name: 'template-with-if-range.yml',
    text: annotation(
      '{{ with $labels.a }}{{ . }}{{ end }}{{ if gt $value 1.0 }}hi{{ else }}lo{{ end }}{{ range $k, $v := $labels }}{{ $k }}{{ end }}',
    ),
  },
  {
    name: 'template-printf-verbs.yml',
    text: annotation('{{ printf "%0.0f %5.2f %e %q" $value $value $value "x" }}'),
  },
  {
    name: 'template-query.yml',
    text: annotation('{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}'),
  },
  { name: 'template-unclosed.yml', text: annotation('{{ $labels.a') },
  { name: 'template-unknown-func.yml', text: annotation('{{ nosuch $value }}') },
  { name: 'template-now.yml', text: annotation('{{ now }}'), since3: 'template function now (3.x)' },
  {
    name: 'template-label-severity.yml',
    text: alert('up', '    labels:\n      severity: "{{ $labels.sev }}"\n'),
  },
  {
    name: 'group-query-offset.yml',
    text: 'groups:\n- name: g\n  query_offset: 1m\n  limit: 3\n  rules:\n  - alert: A\n    expr: up\n',
    since3: 'group query_offset (3.x)',
  },
  { name: 'huge-value.yml', text: alert(`"up{job='${'x'.repeat(3_000_000)}'} +"`) },
  { name: 'not-yaml.yml', text: 'groups: [\n' },
  { name: 'groups-not-list.yml', text: 'groups: 5\n' },
  { name: 'bad-duration.yml', text: alert('up', '    for: soon\n') },
];
