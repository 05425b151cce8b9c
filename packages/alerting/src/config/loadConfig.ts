import { dirname, resolve } from 'node:path';
import type { ConfigIssue } from '@golden-signals/config-issues';
import { parseYamlFile } from '@golden-signals/config-issues';
import { parseNotifyConfig } from '../notify/config/parseNotifyConfig.ts';
import type { NotifyConfig } from '../notify/types.ts';
import { createChecker } from '../shared/checker.ts';
import { withoutCredentials } from '../shared/redact.ts';
import type { SloSpec } from '../slo/parseSlos.ts';
import { sloAlertRule } from '../slo/sloRules.ts';
import type { AlertingRule, FlapOptions } from '../types.ts';
import { expandConfig, protectEnvRefs } from './expandEnv.ts';
import {
  fileQualifiedKeys,
  findRuleFiles,
  loadRules,
  loadSlos,
  type RuleGlob,
  readText,
  shownPath,
} from './ruleSources.ts';

export { loadSloFile, type RuleGlob, readText } from './ruleSources.ts';

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
  const prometheus = parsePrometheus(c, top);
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
    prometheus,
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
function parsePrometheus(c: Checker, top: Section): LoadedConfig['prometheus'] {
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
  return {
    url,
    timeoutMs: c.duration(section, 'timeout', ['prometheus']) ?? 10_000,
    headers: c.strMap(section, 'headers', ['prometheus']) ?? {},
    externalUrl,
    externalLabels: c.strMap(section, 'external_labels', ['prometheus']) ?? {},
    flavour: (flavour ?? 'prometheus') as Flavour,
  };
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
