import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from 'yaml';
import { corporaDir, yamlFiles } from '../../../../test/kit/ruleCorpora.ts';
import type { OracleCase } from './oracle.ts';

export { corporaDir };

/** One template found in a rule file. */
export interface CorpusTemplate {
  file: string;
  rule: string;
  key: string;
  text: string;
}

interface RuleDoc {
  groups?: {
    rules?: { alert?: string; labels?: Record<string, unknown>; annotations?: Record<string, unknown> }[];
  }[];
}

/** Every annotation of every alerting rule under `dir`, and every label value that is a template. */
export function corpusAnnotations(dir: string): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const file of yamlFiles(dir)) {
    let doc: RuleDoc;
    try {
      doc = parse(readFileSync(file, 'utf8')) as RuleDoc;
    } catch {
      continue;
    }
    for (const g of doc?.groups ?? []) {
      for (const r of g?.rules ?? []) {
        if (!r?.alert) continue;
        for (const [key, text] of Object.entries(r.annotations ?? {})) {
          if (typeof text === 'string') out.push({ file: relative(dir, file), rule: r.alert, key, text });
        }
        // Prometheus expands rule labels with the same templates.
        for (const [key, text] of Object.entries(r.labels ?? {})) {
          if (typeof text === 'string' && text.includes('{{')) {
            out.push({ file: relative(dir, file), rule: r.alert, key: `labels.${key}`, text });
          }
        }
      }
    }
  }
  return out;
}

/** Label names a template reads ($labels.x, .Labels.x, index $labels "x"), each given a value. */
export function referencedLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = { job: 'node', instance: 'host-1.example.com:9100' };
  const patterns = [
    /\$labels\.([A-Za-z_][A-Za-z0-9_]*)/g,
    /\.Labels\.([A-Za-z_][A-Za-z0-9_]*)/g,
    /index\s+\$labels\s+"([^"]+)"/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) labels[m[1]!] ??= `${m[1]}-value`;
  return labels;
}

/** The oracle cases for the corpus: each annotation with $value 0.5, 1500 and NaN. */
export function corpusCases(templates: readonly CorpusTemplate[]): OracleCase[] {
  const out: OracleCase[] = [];
  for (const t of templates) {
    for (const value of ['0.5', '1500', 'NaN']) {
      out.push({
        name: t.rule,
        text: t.text,
        labels: referencedLabels(t.text),
        externalLabels: { cluster: 'prod', region: 'eu-west-1' },
        externalURL: 'http://prometheus.example.com:9090/prom',
        value,
        nowMs: 1_700_000_000_123,
        queries: {
          '*': [{ labels: { __name__: 'up', job: 'node', instance: 'host-2:9100' }, value: '42.125' }],
        },
      });
    }
  }
  return out;
}
