import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/loadConfig.ts';

test("links to Prometheus (generatorURL) default to its URL without the URL's credentials", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-config-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'alerting.yml'),
    'prometheus: { url: "https://12345:glc_s3cret@prom.example:9090" }\n',
  );
  const { config } = loadConfig(join(dir, 'alerting.yml'), {});
  assert.equal(
    config?.prometheus.url,
    'https://12345:glc_s3cret@prom.example:9090',
    'queries still authenticate',
  );
  assert.equal(config?.prometheus.externalUrl, 'https://prom.example:9090');
});
