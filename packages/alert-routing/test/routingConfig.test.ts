import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { matchRoutes, parseRoutingConfig } from '../src/index.ts';
import { alertmanagerDir, askOracle } from './oracle.ts';

/** Alertmanager errors that are about routing (ours to reproduce), not about a receiver's integration settings. */
const ROUTING_ERROR =
  /route|group_by|group_interval|repeat_interval|matcher|label name|regexp|time interval|inhibit|equal list|wildcard/i;

describe("config: Alertmanager's config/testdata files", () => {
  const dir = join(alertmanagerDir(), 'config/testdata');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const answers = askOracle(files.map((f) => ({ op: 'load', path: join(dir, f) })));

  it('accepts the routing of every file Alertmanager loads, and rejects every routing error it reports', () => {
    const wrong: string[] = [];
    const lines: string[] = [];
    files.forEach((f, i) => {
      const amError = answers[i]?.error ?? null;
      const { issues } = parseRoutingConfig(parse(readFileSync(join(dir, f), 'utf8')));
      const ours = issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
      const routing = amError !== null && ROUTING_ERROR.test(amError);
      lines.push(
        `# ${f}: AM ${amError === null ? 'loads' : routing ? 'rejects (routing)' : 'rejects (receiver)'}; ours ${ours ? `rejects: ${ours}` : 'accepts'}`,
      );
      if (amError === null && ours) wrong.push(`${f}: AM loads it, we say ${ours}`);
      if (routing && !ours) wrong.push(`${f}: AM says ${amError}, we accept it`);
    });
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    console.log(
      `# config/testdata: ${files.length} files; ${count(/AM loads; ours accepts/)} load in both; ` +
        `${count(/rejects \(routing\); ours rejects/)} routing errors rejected by both; ` +
        `${count(/rejects \(receiver\)/)} rejected by AM for receiver settings (not routing)`,
    );
    assert.deepEqual(wrong, [], lines.join('\n'));
  });
});

describe('config: validation as Alertmanager, on small configs it also loads', () => {
  const cases: [string, string][] = [
    [
      'wildcard with labels',
      "route: {receiver: a, routes: [{group_by: ['...', job]}]}\nreceivers: [{name: a}]",
    ],
    ['duplicate group_by', 'route: {receiver: a, group_by: [job, job]}\nreceivers: [{name: a}]'],
    ['zero group_interval', 'route: {receiver: a, group_interval: 0s}\nreceivers: [{name: a}]'],
    ['root matchers', "route: {receiver: a, matchers: ['a=b']}\nreceivers: [{name: a}]"],
    ['root continue', 'route: {receiver: a, continue: true}\nreceivers: [{name: a}]'],
    ['undefined receiver', 'route: {receiver: a, routes: [{receiver: b}]}\nreceivers: [{name: a}]'],
    [
      'undefined time interval',
      'route: {receiver: a, routes: [{mute_time_intervals: [night]}]}\nreceivers: [{name: a}]',
    ],
    [
      'legacy match and match_re',
      "route: {receiver: a, routes: [{match: {team: db}, match_re: {env: 'prod|stag'}}]}\nreceivers: [{name: a}]",
    ],
    ['bad match_re', "route: {receiver: a, routes: [{match_re: {env: '('}}]}\nreceivers: [{name: a}]"],
    [
      'legacy inhibit',
      "route: {receiver: a}\nreceivers: [{name: a}]\ninhibit_rules: [{source_match: {severity: critical}, target_match_re: {severity: 'warn.*'}, equal: [alertname]}]",
    ],
    ['route labels', 'route: {receiver: a, routes: [{labels: {team: db}}]}\nreceivers: [{name: a}]'],
    [
      'brace matchers',
      'route: {receiver: a, routes: [{matchers: [\'{team="db", env=~"prod|stag"}\']}]}\nreceivers: [{name: a}]',
    ],
  ];
  const answers = askOracle(cases.map(([, config]) => ({ op: 'routes', config, alerts: [] })));
  for (const [i, [name, config]] of cases.entries()) {
    it(`${name}: accepted or rejected as Alertmanager does`, () => {
      const { issues } = parseRoutingConfig(parse(config));
      const amError = answers[i]?.error ?? null;
      assert.equal(issues.length > 0, amError !== null, `AM: ${amError}; ours: ${JSON.stringify(issues)}`);
    });
  }
});

describe('routing: amtool config routes test agrees on generated cases', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'alert-routing-amtool-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const config = `
route:
  receiver: default
  routes:
    - matchers: ['team="db"']
      receiver: db-pager
      continue: true
    - match_re: {severity: 'critical|page'}
      receiver: pager
      routes:
        - matchers: ['env!~"stag.*"']
          receiver: prod-pager
    - match: {team: web}
      receiver: web
receivers: [{name: default}, {name: db-pager}, {name: pager}, {name: prod-pager}, {name: web}]
`;
  const file = join(tmp, 'alertmanager.yml');
  writeFileSync(file, config);
  const parsed = parseRoutingConfig(parse(config));
  const values = {
    team: ['db', 'web', ''],
    severity: ['critical', 'page', 'warning', ''],
    env: ['prod', 'staging', ''],
  };
  const combos: Record<string, string>[] = [];
  for (const team of values.team)
    for (const severity of values.severity)
      for (const env of values.env)
        combos.push(Object.fromEntries(Object.entries({ team, severity, env }).filter(([, v]) => v)));

  it(`routes ${combos.length} label sets to the receivers amtool names`, () => {
    assert.deepEqual(parsed.issues, []);
    const root = parsed.config?.route;
    assert.ok(root);
    for (const labels of combos) {
      const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      const out = execFileSync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const ours = matchRoutes(root, labels)
        .map((r) => r.receiver)
        .join(',');
      assert.equal(ours, out.trim(), JSON.stringify(labels));
    }
  });
});
