/**
 * Loads the alerting config and every rule file it names, all-or-nothing: either a complete
 * {@link LoadedConfig}, or every issue found (file:line:column, field, what was expected).
 */
import { globSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ConfigIssue } from '@golden-signals/config-issues';
import { parseYamlFile } from '@golden-signals/config-issues';
import { parseNotifyConfig } from '../notify/config/parseNotifyConfig.ts';
import type { NotifyConfig } from '../notify/types.ts';
import { parseRuleFile } from '../rules/parseRuleFile.ts';
import { createChecker } from '../shared/checker.ts';
import { withoutCredentials } from '../shared/redact.ts';
import { parseSlos, type SloSpec } from '../slo/parseSlos.ts';
import { sloAlertRule } from '../slo/sloRules.ts';
import type { AlertingRule, FlapOptions } from '../types.ts';
import { expandConfig, protectEnvRefs } from './expandEnv.ts';

/** The engine's settings, with defaults applied. */
export interface LoadedConfig {
  readonly file: string;
  readonly prometheus: {
    readonly url: string;
    readonly timeoutMs: number;
    readonly headers: Readonly<Record<string, string>>;
    /** Base of generatorURL links (default: url). */
    readonly externalUrl: string;
  };
  readonly evaluationIntervalMs: number;
  /** Rule files found by the rule_files globs (absolute paths). */
  readonly ruleFiles: readonly string[];
  readonly stateDir: string;
  readonly listen?: { readonly host: string; readonly port: number };
  readonly queryConcurrency: number;
  readonly datasourceDownGraceMs: number;
  readonly flap: FlapOptions;
  readonly resolvedRetentionMs: number;
  readonly slos: readonly SloSpec[];
  readonly rules: readonly AlertingRule[];
  readonly recordingRulesSkipped: number;
  readonly notify: NotifyConfig;
}

const NOTIFY_KEYS = ['receivers', 'route', 'inhibit_rules', 'mute_time_intervals', 'time_intervals'];
const ENGINE_KEYS = [
  'prometheus',
  'evaluation_interval',
  'rule_files',
  'state_dir',
  'listen',
  'query_concurrency',
  'datasource_down_grace',
  'flap_detection',
  'resolved_retention',
  'slos',
  'slo_files',
];

/** Result of a load: `config` is set only when there are no issues. */
export interface LoadResult {
  readonly config?: LoadedConfig;
  readonly issues: readonly ConfigIssue[];
}

/** Loads `file` and its rule files. Never throws for bad input. */
export function loadConfig(file: string, env: Record<string, string | undefined> = process.env): LoadResult {
  const path = resolve(file);
  const shown = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      issues: [{ file: shown, line: 0, column: 0, field: '', message: `cannot read config (${code})` }],
    };
  }
  const dir = dirname(path);
  const y = parseYamlFile(shown, protectEnvRefs(text));
  if (y.issues.length) return { issues: y.issues };
  const expanded = expandConfig(y.value ?? {}, y.loc, dir, env);
  const c = createChecker(y.loc);
  c.issues.push(...expanded.issues);
  const top = c.map(expanded.value, [], true) ?? {};
  c.keys(top, [], [...ENGINE_KEYS, ...NOTIFY_KEYS]);

  const prom = c.map(top.prometheus, ['prometheus'], true) ?? {};
  c.keys(prom, ['prometheus'], ['url', 'timeout', 'headers', 'external_url']);
  const url = c.str(prom, 'url', ['prometheus'], true) ?? '';
  if (url && !/^https?:\/\/[^/]+/.test(url))
    c.fail(['prometheus', 'url'], `expected an http(s) URL, got '${url}'`);
  // Links in Slack and on the status page are built from it: never with the URL's credentials.
  const externalUrl = c.str(prom, 'external_url', ['prometheus']) ?? withoutCredentials(url);

  const ruleGlobs = c.strList(top, 'rule_files', []) ?? [];
  const ruleFiles: string[] = [];
  ruleGlobs.forEach((g, i) => {
    const pattern = isAbsolute(g) ? g : resolve(dir, g);
    const found = globSync(pattern).sort();
    if (found.length === 0 && !/[*?[]/.test(g)) c.fail(['rule_files', i], `no such file: ${g}`);
    for (const f of found) if (!ruleFiles.includes(f)) ruleFiles.push(f);
  });

  const listenText = c.str(top, 'listen', []);
  let listen: LoadedConfig['listen'];
  if (listenText !== undefined) {
    const m = /^(.*):(\d{1,5})$/.exec(listenText);
    if (!m || Number(m[2]) > 65535)
      c.fail(['listen'], `expected host:port like 127.0.0.1:9095, got '${listenText}'`);
    else listen = { host: (m[1] || '0.0.0.0').replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  }
  const flapObj = c.map(top.flap_detection, ['flap_detection']) ?? {};
  c.keys(flapObj, ['flap_detection'], ['window', 'max_flips']);

  const slos = parseSlos(c, top.slos, ['slos']);
  const sloFiles = c.strList(top, 'slo_files', []) ?? [];
  const issues: ConfigIssue[] = [];
  for (const f of sloFiles) {
    const r = loadSloFile(resolve(dir, f));
    issues.push(...r.issues);
    slos.push(...r.slos);
  }

  const notify = parseNotifyConfig(top, y.loc);
  const rules: AlertingRule[] = [];
  let recordingRulesSkipped = 0;
  for (const f of ruleFiles) {
    const shownRule = relative(process.cwd(), f) || f;
    let ruleText: string;
    try {
      ruleText = readFileSync(f, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      issues.push({
        file: shownRule,
        line: 0,
        column: 0,
        field: '',
        message: `cannot read rule file (${code})`,
      });
      continue;
    }
    const parsed = parseRuleFile(shownRule, ruleText);
    issues.push(...parsed.issues);
    rules.push(...parsed.rules);
    recordingRulesSkipped += parsed.recordingRules;
  }
  rules.push(...slos.map(sloAlertRule));
  const keys = new Set<string>();
  for (const r of rules) {
    if (keys.has(r.key)) {
      issues.push({
        file: r.file,
        line: r.line,
        column: 1,
        field: 'groups',
        message: `group '${r.group}' is defined in more than one rule file: expected unique group names`,
      });
    }
    keys.add(r.key);
  }
  const evaluationIntervalMs = c.duration(top, 'evaluation_interval', []) ?? 15_000;
  if (evaluationIntervalMs <= 0) c.fail(['evaluation_interval'], 'expected a duration above 0');
  const config: LoadedConfig = {
    file: path,
    prometheus: {
      url,
      timeoutMs: c.duration(prom, 'timeout', ['prometheus']) ?? 10_000,
      headers: c.strMap(prom, 'headers', ['prometheus']) ?? {},
      externalUrl,
    },
    evaluationIntervalMs,
    ruleFiles,
    stateDir: resolve(dir, c.str(top, 'state_dir', []) ?? './data'),
    ...(listen ? { listen } : {}),
    queryConcurrency: c.int(top, 'query_concurrency', [], 1) ?? 10,
    datasourceDownGraceMs: c.duration(top, 'datasource_down_grace', []) ?? 60_000,
    flap: {
      windowMs: c.duration(flapObj, 'window', ['flap_detection']) ?? 30 * 60_000,
      maxFlips: c.int(flapObj, 'max_flips', ['flap_detection'], 1) ?? 4,
    },
    resolvedRetentionMs: c.duration(top, 'resolved_retention', []) ?? 60 * 60_000,
    slos,
    rules,
    recordingRulesSkipped,
    notify: notify.config,
  };
  const all = dedupe([...c.issues, ...notify.issues, ...issues]);
  return all.length ? { issues: all } : { config, issues: [] };
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}:${i.line}:${i.column}:${i.field}:${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Loads a standalone SLO spec file (`slos: [...]`). */
export function loadSloFile(file: string): { slos: SloSpec[]; issues: ConfigIssue[] } {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      slos: [],
      issues: [{ file: shown, line: 0, column: 0, field: '', message: `cannot read SLO file (${code})` }],
    };
  }
  const y = parseYamlFile(shown, text);
  if (y.issues.length) return { slos: [], issues: y.issues };
  const c = createChecker(y.loc);
  const top = c.map(y.value, [], true) ?? {};
  c.keys(top, [], ['slos']);
  const slos = parseSlos(c, top.slos, ['slos']);
  return { slos, issues: c.issues };
}
