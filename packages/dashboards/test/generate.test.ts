import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allDashboards, renderDashboard } from '../src/allDashboards.ts';
import { DEFAULT_OUT_DIR, generate } from '../src/generate.ts';

describe('generate', () => {
  it('the committed dashboards in deploy/grafana/dashboards equal what the generator writes now', async () => {
    const committed = (await readdir(DEFAULT_OUT_DIR)).filter((f) => f.endsWith('.json')).sort();
    const expected = allDashboards()
      .map((d) => d.file)
      .sort();
    assert.deepEqual(committed, expected, 'a dashboard file is missing or left over: run npm run generate');
    for (const { file, dashboard } of allDashboards()) {
      const text = await readFile(join(DEFAULT_OUT_DIR, file), 'utf8');
      assert.equal(
        text,
        renderDashboard(dashboard),
        `${file} differs from the generator: run npm run generate -w @golden-signals/dashboards`,
      );
    }
  });

  it('writes one parseable JSON file per dashboard into the directory it is given', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'gs-dash-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const written = await generate(dir);
    assert.equal(written.length, allDashboards().length);
    for (const path of written) {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { uid: string };
      assert.match(parsed.uid, /^golden-signals-/);
    }
  });
});
