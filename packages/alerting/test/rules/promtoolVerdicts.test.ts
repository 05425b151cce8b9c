/**
 * Per rule file, our verdict (the loader `check` and `run` share, the `check` command itself)
 * equals `promtool check rules`' verdict: every file of the rule corpora and the generated
 * hostile files. promtool runs in the test; nothing is read from a stored list. Where 3.x
 * accepts what Debian's 2.42 rejects (`since3`), we follow 3.x, checked against a 3.x promtool
 * when one is present.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { formatIssue } from '@golden-signals/config-issues';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { parseRuleFile } from '../../src/rules/parseRuleFile.ts';
import { corporaDir, promtool3, promtool242, promtoolVerdict, yamlFiles } from '../helpers/ruleCorpora.ts';
import { HOSTILE_FILES } from './hostileRuleFiles.ts';

const CLI = resolve(import.meta.dirname, '../../src/cli.ts');
const corpora = corporaDir();
const pt242 = promtool242();
const pt3 = promtool3();

/** Our verdict through the loader `run` uses: a config naming only this rule file. */
function runLoaderVerdict(dir: string, file: string): { ok: boolean; output: string } {
  const cfg = join(dir, 'alerting.yml');
  writeFileSync(cfg, `prometheus: { url: http://127.0.0.1:9 }\nrule_files: [${JSON.stringify(file)}]\n`);
  const r = loadConfig(cfg);
  return { ok: r.issues.length === 0, output: r.issues.map(formatIssue).join('\n') };
}

/** One `check` run over all the files: the files it names in errors are the rejected ones. */
function checkCommandRejects(
  dir: string,
  files: readonly string[],
): { rejected: Set<string>; status: number | null; stderr: string } {
  const cfg = join(dir, 'all.yml');
  writeFileSync(cfg, `prometheus: { url: http://127.0.0.1:9 }\nrule_files: ${JSON.stringify(files)}\n`);
  const r = spawnSync(process.execPath, [CLI, 'check', '--config', cfg], {
    encoding: 'utf8',
    cwd: '/',
    maxBuffer: 64 << 20,
  });
  const rejected = new Set(files.filter((f) => r.stderr.includes(`${f.replace(/^\//, '')}:`)));
  return { rejected, status: r.status, stderr: r.stderr };
}

interface Row {
  file: string;
  promtool: boolean;
  ours: boolean;
  since3?: string;
  detail: string;
}

function compare(dir: string, files: readonly { path: string; since3?: string }[]): Row[] {
  return files.map(({ path, since3 }) => {
    const p = promtoolVerdict(pt242 as string, path);
    const parsed = parseRuleFile(path, readFileSync(path, 'utf8'));
    const run = runLoaderVerdict(dir, path);
    assert.equal(run.ok, parsed.issues.length === 0, `${path}: run's loader and the rule parser disagree`);
    for (const i of parsed.issues) {
      assert.ok(i.line > 0 && i.column > 0, `${path}: issue without line:column: ${formatIssue(i)}`);
      assert.ok(
        formatIssue(i).length < 700,
        `${path}: message echoes too much (${formatIssue(i).length} chars)`,
      );
      assert.doesNotMatch(i.message, /parseAllDocuments|YAML\.\w+\(/, 'the YAML library hint leaked');
    }
    return {
      file: path,
      promtool: p.ok,
      ours: run.ok,
      ...(since3 ? { since3 } : {}),
      detail: `promtool: ${p.output.trim().split('\n').slice(-2).join(' | ')}\nours: ${run.output.slice(0, 600)}`,
    };
  });
}

function report(rows: readonly Row[]): string {
  const agree = rows.filter((r) => r.promtool === r.ours).length;
  const both = rows.filter((r) => r.promtool && r.ours).length;
  const bothReject = rows.filter((r) => !r.promtool && !r.ours).length;
  return `${rows.length} files: ${agree} agree (${both} both accept, ${bothReject} both reject)`;
}

test('every corpus file: same verdict as promtool 2.42 check rules, through the parser, the run loader and check', {
  skip: (!corpora && 'no rule corpora') || (!pt242 && 'promtool not installed'),
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-verdicts-'));
  try {
    const files = yamlFiles(corpora as string);
    const rows = compare(
      dir,
      files.map((path) => ({ path })),
    );
    console.log(`corpora vs promtool 2.42: ${report(rows)}`);
    const differ = rows.filter((r) => r.promtool !== r.ours);
    assert.deepEqual(
      differ.map((r) => `${r.file}\n${r.detail}`),
      [],
    );
    const check = checkCommandRejects(
      dir,
      files.filter((f) => rows.find((r) => r.file === f)?.promtool),
    );
    assert.equal(check.status, 0, `check rejects what promtool accepts:\n${check.stderr.slice(0, 3000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile rule files: same verdict as promtool 2.42 (3.x where it differs), messages with file:line:column', {
  skip: !pt242 && 'promtool not installed',
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-hostile-'));
  try {
    const files = HOSTILE_FILES.map((h) => {
      const path = join(dir, h.name);
      writeFileSync(path, h.text);
      return { path, ...(h.since3 ? { since3: h.since3 } : {}) };
    });
    const rows = compare(dir, files);
    console.log(`hostile files vs promtool 2.42: ${report(rows)}`);
    const wrong = rows.filter((r) => (r.since3 ? !r.ours || r.promtool : r.promtool !== r.ours));
    assert.deepEqual(
      wrong.map((r) => `${r.file}${r.since3 ? ` (3.x: ${r.since3})` : ''}\n${r.detail}`),
      [],
    );
    const check = checkCommandRejects(
      dir,
      files.map((f) => f.path),
    );
    assert.doesNotMatch(check.stderr, /\n\s+at |TypeError|ReferenceError/, 'check crashed');
    for (const r of rows) assert.equal(!check.rejected.has(r.file), r.ours, `check's verdict on ${r.file}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile rule files: the 3.x differences are what promtool 3.x says', {
  skip: 'skip' in pt3 ? pt3.skip : false,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-hostile3-'));
  try {
    const bin = (pt3 as { bin: string }).bin;
    const differ: string[] = [];
    for (const h of HOSTILE_FILES) {
      const path = join(dir, h.name);
      writeFileSync(path, h.text);
      const ours = parseRuleFile(path, h.text).issues.length === 0;
      const p = promtoolVerdict(bin, path);
      if (p.ok !== ours)
        differ.push(`${h.name}: promtool 3.x ${p.ok ? 'accepts' : 'rejects'}: ${p.output.slice(-300)}`);
    }
    for (const f of corpora ? yamlFiles(corpora) : []) {
      const ours = parseRuleFile(f, readFileSync(f, 'utf8')).issues.length === 0;
      if (promtoolVerdict(bin, f).ok !== ours) differ.push(f);
    }
    assert.deepEqual(differ, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
