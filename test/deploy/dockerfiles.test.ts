/**
 * A Dockerfile for every image the manifests name, each clean under dockerfile-utils' linter
 * (the checks of the Dockerfile language server), running as a non-root user.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validate } from 'dockerfile-utils';
import { parse } from 'yaml';
import { dockerfileFor, readImage } from './helpers/dockerfile.ts';
import { manifestObjects } from './helpers/kubectl.ts';
import { ROOT } from './helpers/run.ts';

const DIR = join(ROOT, 'deploy/docker');

describe('deploy/docker', () => {
  it('has a Dockerfile for every image a Kubernetes manifest names', async () => {
    for (const f of (await readdir(join(ROOT, 'deploy/kubernetes'))).filter((x) => x.endsWith('.yml'))) {
      for (const o of await manifestObjects(join(ROOT, 'deploy/kubernetes', f))) {
        const containers =
          (o.spec as { template?: { spec: { containers: Array<{ image: string }> } } } | undefined)?.template
            ?.spec.containers ?? [];
        for (const c of containers) assert.ok(existsSync(dockerfileFor(c.image)), `${f}: ${c.image}`);
      }
    }
  });

  it('has the Dockerfile every compose build names', async () => {
    const compose = parse(await readFile(join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), {
      merge: true,
    }) as {
      services: Record<string, { build?: { context: string; dockerfile: string } }>;
    };
    for (const [name, svc] of Object.entries(compose.services))
      if (svc.build)
        assert.ok(existsSync(join(ROOT, 'deploy', svc.build.context, svc.build.dockerfile)), name);
  });

  for (const file of ['alerting.Dockerfile', 'demo-shop.Dockerfile', 'otelcol.Dockerfile']) {
    it(`${file} passes the linter and runs as a non-root user`, async () => {
      const text = await readFile(join(DIR, file), 'utf8');
      const problems = validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
      assert.deepEqual(problems, []);
      const image = await readImage(join(DIR, file));
      assert.ok(image.user && image.user !== 'root' && image.user !== '0', `${file}: USER`);
    });
  }

  it('images name the versions the compatibility lane builds and tests (tools/peers/build.sh)', async () => {
    const built = Object.fromEntries(
      [
        ...(await readFile(join(ROOT, 'tools/peers/build.sh'), 'utf8')).matchAll(/^\s+build (\w+) (\S+) /gm),
      ].map((m) => [m[1]!, m[2]!]),
    );
    assert.deepEqual(Object.keys(built).sort(), ['alertmanager', 'otelcol', 'prometheus']);
    const want: Record<string, string> = {
      'prom/prometheus': `v${built.prometheus}`,
      'prom/alertmanager': `v${built.alertmanager}`,
      'golden-signals-otelcol': built.otelcol!,
    };
    const files = ['deploy/docker-compose.yml', 'deploy/docker/otelcol.Dockerfile'];
    for (const f of await readdir(join(ROOT, 'deploy/kubernetes'))) files.push(`deploy/kubernetes/${f}`);
    const wrong: string[] = [];
    for (const f of files)
      for (const m of (await readFile(join(ROOT, f), 'utf8')).matchAll(/([\w./-]+):(v?\d[\w.-]*)/g)) {
        const name = Object.keys(want).find((n) => m[1] === n || m[1]!.endsWith(`/${n}`));
        if (name && m[2] !== want[name]) wrong.push(`${f}: ${m[0]} (the lane builds ${want[name]})`);
      }
    assert.deepEqual(wrong, []);
    const main = await readFile(join(ROOT, 'tools/peers/otelcol/main.go'), 'utf8');
    assert.match(
      main,
      new RegExp(`Version:\\s+"${built.otelcol!.replaceAll('.', '\\.')}"`),
      'otelcol-gs --version',
    );
  });

  it('the linter catches a broken Dockerfile', () => {
    assert.ok(validate('FROM node:24\nEXPOSE port\nENTRYPOINT ["node"\n').length > 0);
  });
});
