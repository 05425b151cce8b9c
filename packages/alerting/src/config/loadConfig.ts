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

/** The servers behind the Prometheus API (the client's `Flavour`; config may not import it). */
const FLAVOURS = ['prometheus', 'victoriametrics', 'thanos', 'mimir'] as const;
type Flavour = (typeof FLAVOURS)[number];

/** The engine's settings, with defaults applied. */
export interface LoadedConfig {
  readonly file: string;
  readonly prometheus: {
    readonly url: string;
    readonly timeoutMs: number;
    readonly headers: Readonly<Record<string, string>>;
    /** Base of generatorURL links (default: url); `$externalURL` in templates. */
    readonly externalUrl: string;
    /** `$externalLabels` in templates (Prometheus' global external_labels). */
    readonly externalLabels?: Readonly<Record<string, string>>;
    /** Which Prometheus-compatible server answers (VictoriaMetrics gets query args that make answers current). */
    readonly flavour?: Flavour;
  };
  readonly evaluationIntervalMs: number;
  /** Rule files found by the rule_files globs (absolute paths). */
  readonly ruleFiles: readonly string[];
  /** Each rule_files entry as an absolute pattern, with the files it matched (a reload compares them). */
  readonly ruleGlobs: readonly RuleGlob[];
  /** Every file the config was read from (itself, rule files, SLO files, secret files): what a change to reloads. */
  readonly sourceFiles: readonly string[];
  readonly stateDir: string;
  readonly listen?: { readonly host: string; readonly port: number };
  readonly queryConcurrency: number;
  readonly datasourceDownGraceMs: number;
  readonly flap: FlapOptions;
  readonly resolvedRetentionMs: number;
  /** A rule result with more series fails that rule (evaluation, state and memory stay bounded). */
  readonly maxSeriesPerRule: number;
  readonly slos: readonly SloSpec[];
  readonly rules: readonly AlertingRule[];
  readonly recordingRulesSkipped: number;
  readonly notify: NotifyConfig;
}

/** One `rule_files` entry: as written, as an absolute pattern, and what it matched. */
export interface RuleGlob {
  readonly glob: string;
  readonly pattern: string;
  readonly files: readonly string[];
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
  'max_series_per_rule',
  'slos',
  'slo_files',
];

/** Result of a load: `config` is set only when there are no issues. */
export interface LoadResult {
  readonly config?: LoadedConfig;
  readonly issues: readonly ConfigIssue[];
  /**
   * With {@link LoadOptions.allowMissing}: the unset variables and unreadable secret files.
   * The config is then fit for checking only (those fields are empty).
   */
  readonly missing?: readonly ConfigIssue[];
}

/** Options of {@link loadConfig}. */
export interface LoadOptions {
  /**
   * Validate without the deployment's secrets (`check` in CI): unset `${VAR}`s and unreadable
   * `*_file` secrets go to `missing`, and the errors their empty values would cause are dropped.
   */
  readonly allowMissing?: boolean;
}

/** The text of a file, or the issue saying why it cannot be read (`what`: "config", "rule file"...). */
export function readText(
  file: string,
  shown: string,
  what: string,
): { text: string } | { issue: ConfigIssue } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return {
      issue: { file: shown, line: 0, column: 0, field: '', message: `cannot read ${what} (${code})` },
    };
  }
}

/** A path as issues show it: relative to the working directory. */
function shownPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

type Checker = ReturnType<typeof createChecker>;
type Section = Record<string, unknown>;

/** Loads `file` and its rule files. Never throws for bad input. */
export function loadConfig(
  file: string,
  env: Record<string, string | undefined> = process.env,
  opts: LoadOptions = {},
): LoadResult {
  const path = resolve(file);
  const read = readText(path, shownPath(path), 'config');
  if ('issue' in read) return { issues: [read.issue] };
  const dir = dirname(path);
  const y = parseYamlFile(shownPath(path), protectEnvRefs(read.text));
  if (y.issues.length) return { issues: y.issues };
  const expanded = expandConfig(y.value ?? {}, y.loc, dir, env, opts);
  const c = createChecker(y.loc);
  c.issues.push(...expanded.issues);
  const top = c.map(expanded.value, [], true) ?? {};
  c.keys(top, [], [...ENGINE_KEYS, ...NOTIFY_KEYS]);
  const prom = parsePrometheus(c, top);
  const ruleGlobs = findRuleFiles(c, top, dir);
  const ruleFiles = [...new Set(ruleGlobs.flatMap((g) => g.files))];
  const listen = parseListen(c, top);
  const flapObj = c.map(top.flap_detection, ['flap_detection']) ?? {};
  c.keys(flapObj, ['flap_detection'], ['window', 'max_flips']);
  const issues: ConfigIssue[] = [];
  const slos = loadSlos(c, top, dir, issues);
  const notify = parseNotifyConfig(top, y.loc);
  const rules = loadRules(ruleFiles, issues);
  rules.rules.push(...slos.map(sloAlertRule));
  const allRules = fileQualifiedKeys(rules.rules);
  const evaluationIntervalMs = c.duration(top, 'evaluation_interval', []) ?? 15_000;
  if (evaluationIntervalMs <= 0) c.fail(['evaluation_interval'], 'expected a duration above 0');
  const config: LoadedConfig = {
    file: path,
    prometheus: {
      url: prom.url,
      timeoutMs: c.duration(prom.section, 'timeout', ['prometheus']) ?? 10_000,
      headers: c.strMap(prom.section, 'headers', ['prometheus']) ?? {},
      externalUrl: prom.externalUrl,
      externalLabels: c.strMap(prom.section, 'external_labels', ['prometheus']) ?? {},
      flavour: (c.str(prom.section, 'flavour', ['prometheus']) ?? 'prometheus') as Flavour,
    },
    evaluationIntervalMs,
    ruleFiles,
    ruleGlobs,
    sourceFiles: [
      path,
      ...ruleFiles,
      ...(c.strList(top, 'slo_files', []) ?? []).map((f) => resolve(dir, f)),
      ...expanded.files,
    ],
    stateDir: resolve(dir, c.str(top, 'state_dir', []) ?? './data'),
    ...(listen ? { listen } : {}),
    ...engineTuning(c, top, flapObj),
    slos,
    rules: allRules,
    recordingRulesSkipped: rules.recordingRulesSkipped,
    notify: notify.config,
  };
  const all = dedupe([...c.issues, ...notify.issues, ...issues]).filter(
    (i) => !dependsOnMissing(i.field, expanded.missingFields),
  );
  const missing = expanded.missing.length ? { missing: expanded.missing } : {};
  return all.length ? { issues: all, ...missing } : { config, issues: [], ...missing };
}

/** True when `field` is (or lies inside) a field whose value was missing from the environment. */
function dependsOnMissing(field: string, missing: ReadonlySet<string>): boolean {
  for (const m of missing)
    if (field === m || field.startsWith(`${m}.`) || field.startsWith(`${m}[`)) return true;
  return false;
}

/** The `prometheus:` section: its URL (http(s) only) and the external URL links are built from. */
function parsePrometheus(c: Checker, top: Section): { section: Section; url: string; externalUrl: string } {
  const section = c.map(top.prometheus, ['prometheus'], true) ?? {};
  c.keys(
    section,
    ['prometheus'],
    ['url', 'timeout', 'headers', 'external_url', 'external_labels', 'flavour'],
  );
  const flavour = c.str(section, 'flavour', ['prometheus']);
  if (flavour !== undefined && !(FLAVOURS as readonly string[]).includes(flavour))
    c.fail(
      ['prometheus', 'flavour'],
      `expected one of ${FLAVOURS.join(', ')}, got '${flavour.slice(0, 100)}'`,
    );
  const url = c.str(section, 'url', ['prometheus'], true) ?? '';
  if (url && !/^https?:\/\/[^/]+/.test(url))
    c.fail(['prometheus', 'url'], `expected an http(s) URL, got '${url}'`);
  // Links in Slack and on the status page are built from it: never with the URL's credentials.
  const externalUrl = c.str(section, 'external_url', ['prometheus']) ?? withoutCredentials(url);
  return { section, url, externalUrl };
}

/** What each `rule_files` glob finds, in order; a plain name must exist. */
function findRuleFiles(c: Checker, top: Section, dir: string): RuleGlob[] {
  return (c.strList(top, 'rule_files', []) ?? []).map((g, i) => {
    const pattern = isAbsolute(g) ? g : resolve(dir, g);
    const files = globSync(pattern).sort();
    if (files.length === 0 && !/[*?[]/.test(g)) c.fail(['rule_files', i], `no such file: ${g}`);
    return { glob: g, pattern, files };
  });
}

/** `listen: host:port` (an empty host listens everywhere; `[::1]` loses its brackets). */
function parseListen(c: Checker, top: Section): LoadedConfig['listen'] {
  const listenText = c.str(top, 'listen', []);
  if (listenText === undefined) return undefined;
  const m = /^(.*):(\d{1,5})$/.exec(listenText);
  if (!m || Number(m[2]) > 65535) {
    c.fail(['listen'], `expected host:port like 127.0.0.1:9095, got '${listenText}'`);
    return undefined;
  }
  return { host: (m[1] || '0.0.0.0').replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

/** Inline `slos:` and those of every `slo_files` entry (their issues go to `issues`). */
function loadSlos(c: Checker, top: Section, dir: string, issues: ConfigIssue[]): SloSpec[] {
  const slos = parseSlos(c, top.slos, ['slos']);
  for (const f of c.strList(top, 'slo_files', []) ?? []) {
    const r = loadSloFile(resolve(dir, f));
    issues.push(...r.issues);
    slos.push(...r.slos);
  }
  return slos;
}

/** Parses every rule file (their issues go to `issues`). */
function loadRules(files: readonly string[], issues: ConfigIssue[]) {
  const rules: AlertingRule[] = [];
  let recordingRulesSkipped = 0;
  for (const f of files) {
    const shown = shownPath(f);
    const read = readText(f, shown, 'rule file');
    if ('issue' in read) {
      issues.push(read.issue);
      continue;
    }
    const parsed = parseRuleFile(shown, read.text);
    issues.push(...parsed.issues);
    rules.push(...parsed.rules);
    recordingRulesSkipped += parsed.recordingRules;
  }
  return { rules, recordingRulesSkipped };
}

/**
 * Prometheus tells groups apart by file and name, so two files may both define group `node`.
 * A key already taken by an earlier file gets the file in front; keys of the first file stay
 * as they were, so persisted state still matches them.
 */
function fileQualifiedKeys(rules: AlertingRule[]): AlertingRule[] {
  const owner = new Map<string, string>();
  return rules.map((r) => {
    const first = owner.get(r.key);
    if (first === undefined) owner.set(r.key, r.file);
    return first === undefined || first === r.file ? r : { ...r, key: `${r.file}:${r.key}` };
  });
}

/** Concurrency, grace, flap damping and retention, with their defaults. */
function engineTuning(c: Checker, top: Section, flapObj: Section) {
  return {
    queryConcurrency: c.int(top, 'query_concurrency', [], 1) ?? 10,
    datasourceDownGraceMs: c.duration(top, 'datasource_down_grace', []) ?? 60_000,
    flap: {
      windowMs: c.duration(flapObj, 'window', ['flap_detection']) ?? 30 * 60_000,
      maxFlips: c.int(flapObj, 'max_flips', ['flap_detection'], 1) ?? 4,
    },
    resolvedRetentionMs: c.duration(top, 'resolved_retention', []) ?? 60 * 60_000,
    maxSeriesPerRule: c.int(top, 'max_series_per_rule', [], 1) ?? 200_000,
  };
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
  const shown = shownPath(file);
  const read = readText(file, shown, 'SLO file');
  if ('issue' in read) return { slos: [], issues: [read.issue] };
  const y = parseYamlFile(shown, read.text);
  if (y.issues.length) return { slos: [], issues: y.issues };
  const c = createChecker(y.loc);
  const top = c.map(y.value, [], true) ?? {};
  c.keys(top, [], ['slos']);
  const slos = parseSlos(c, top.slos, ['slos']);
  return { slos, issues: c.issues };
}
