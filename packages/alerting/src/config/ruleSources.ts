/**
 * The files a config names besides itself: rule files (by glob), SLO files, and how each is read
 * (a file that cannot be read is an issue, never a throw).
 */
import { globSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ConfigIssue } from '@golden-signals/config-issues';
import { parseYamlFile } from '@golden-signals/config-issues';
import { parseRuleFile } from '../rules/parseRuleFile.ts';
import { createChecker } from '../shared/checker.ts';
import { parseSlos, type SloSpec } from '../slo/parseSlos.ts';
import type { AlertingRule } from '../types.ts';

type Checker = ReturnType<typeof createChecker>;
type Section = Record<string, unknown>;

/** One `rule_files` entry: as written, as an absolute pattern, and what it matched. */
export interface RuleGlob {
  readonly glob: string;
  readonly pattern: string;
  readonly files: readonly string[];
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
export function shownPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** What each `rule_files` glob finds, in order; a plain name must exist. */
export function findRuleFiles(c: Checker, top: Section, dir: string): RuleGlob[] {
  return (c.strList(top, 'rule_files', []) ?? []).map((g, i) => {
    const pattern = isAbsolute(g) ? g : resolve(dir, g);
    const files = globSync(pattern).sort();
    if (files.length === 0 && !/[*?[]/.test(g)) c.fail(['rule_files', i], `no such file: ${g}`);
    return { glob: g, pattern, files };
  });
}

/** Inline `slos:` and those of every `slo_files` entry (their issues go to `issues`). */
export function loadSlos(c: Checker, top: Section, dir: string, issues: ConfigIssue[]): SloSpec[] {
  const slos = parseSlos(c, top.slos, ['slos']);
  for (const f of c.strList(top, 'slo_files', []) ?? []) {
    const r = loadSloFile(resolve(dir, f));
    issues.push(...r.issues);
    slos.push(...r.slos);
  }
  return slos;
}

/** Parses every rule file (their issues go to `issues`). */
export function loadRules(files: readonly string[], issues: ConfigIssue[]) {
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
export function fileQualifiedKeys(rules: AlertingRule[]): AlertingRule[] {
  const owner = new Map<string, string>();
  return rules.map((r) => {
    const first = owner.get(r.key);
    if (first === undefined) owner.set(r.key, r.file);
    return first === undefined || first === r.file ? r : { ...r, key: `${r.file}:${r.key}` };
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
