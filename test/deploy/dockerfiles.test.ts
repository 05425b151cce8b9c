/**
 * A Dockerfile for every image the manifests name, each clean under dockerfile-utils' linter
 * (the checks of the Dockerfile language server), running as a non-root user; image tags name
 * the versions the peers are built at, and otelcol-gs' go.mod pins every collector module there.
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
import { ROOT, run } from './helpers/run.ts';

const DIR = join(ROOT, 'deploy/docker');

/** The version tools/peers/build.sh builds of each peer (`build prometheus 3.16.0 ...`). */
async function builtVersions(): Promise<Record<string, string>> {
  const script = await readFile(join(ROOT, 'tools/peers/build.sh'), 'utf8');
  return Object.fromEntries([...script.matchAll(/^\s+build (\w+) (\S+) /gm)].map((m) => [m[1]!, m[2]!]));
}

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
    const built = await builtVersions();
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

  it('otelcol-gs is built from every collector module at the release its version and image tags name', async (t) => {
    const built = (await builtVersions()).otelcol;
    assert.ok(built, 'tools/peers/build.sh builds otelcol');
    // Go's own reading of go.mod, direct and indirect requirements alike.
    const r = await run('go', ['mod', 'edit', '-json', 'tools/peers/otelcol/go.mod']);
    if (r.code !== 0 && /ENOENT|not found/.test(r.stderr + r.stdout)) return t.skip('needs the go tool');
    assert.equal(r.code, 0, r.stderr);
    const mods = (
      JSON.parse(r.stdout) as { Require: Array<{ Path: string; Version: string }> }
    ).Require.filter((m) =>
      /^(go\.opentelemetry\.io\/collector|github\.com\/open-telemetry\/opentelemetry-collector-contrib)(\/|$)/.test(
        m.Path,
      ),
    );
    assert.ok(mods.length > 0, 'go.mod requires collector modules');
    // A release tags core's unstable modules and contrib v0.N.x, and core's stable ones v1.M.x.
    const minor = (v: string) => v.split('.').slice(0, 2).join('.');
    const off = mods.filter((m) => m.Version.startsWith('v0.') && minor(m.Version) !== minor(`v${built}`));
    assert.deepEqual(
      off.map((m) => `${m.Path} ${m.Version}`),
      [],
      `the lane names ${built}`,
    );
    const stable = new Set(mods.filter((m) => m.Version.startsWith('v1.')).map((m) => minor(m.Version)));
    assert.ok(stable.size <= 1, `core's stable modules at one release: ${[...stable].join(', ')}`);
  });

  it('the linter catches a broken Dockerfile', () => {
    assert.ok(validate('FROM node:24\nEXPOSE port\nENTRYPOINT ["node"\n').length > 0);
  });
});
