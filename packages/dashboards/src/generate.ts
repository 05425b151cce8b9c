/**
 * Writes every dashboard to deploy/grafana/dashboards/ (or the directory given as the first
 * argument). Run with `npm run generate -w @golden-signals/dashboards`; the committed files must
 * equal this output (packages/dashboards/test/generate.test.ts checks it).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allDashboards, renderDashboard } from './allDashboards.ts';

/** deploy/grafana/dashboards, from either src/ or dist/ of this package. */
export const DEFAULT_OUT_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../deploy/grafana/dashboards',
);

/** Writes the dashboards and returns the paths written. */
export async function generate(outDir: string = DEFAULT_OUT_DIR): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, dashboard } of allDashboards()) {
    const path = join(outDir, file);
    await writeFile(path, renderDashboard(dashboard));
    written.push(path);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const paths = await generate(process.argv[2] ? resolve(process.argv[2]) : undefined);
  for (const p of paths) console.log(`wrote ${p}`);
}
