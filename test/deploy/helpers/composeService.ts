/**
 * A compose service as the process its container would run: the image's program (our images'
 * Dockerfiles, or the same release built by the compatibility lane for upstream images), the
 * service's command with compose's `$$` escape undone, its environment, its working directory,
 * its volumes and secrets mounted where the container sees them. Paths the container has at /
 * itself (/repo, /prometheus, /hostfs) cannot be made without touching the machine, so those
 * are rewritten to the folders they stand for; every other mount is a real bind mount.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { binary, prometheus3Binary } from '../../kit/binaries.ts';
import { collectorBinary } from './collector.ts';
import { readImage } from './dockerfile.ts';
import type { Netns } from './netns.ts';
import { ROOT } from './run.ts';

/** The parts of a compose service the launcher reads. */
export interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  working_dir?: string;
  volumes?: string[];
  secrets?: Array<string | { source: string; target?: string }>;
  ports?: string[];
}

/** A compose file's top level, as far as the launcher needs it. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file: string }>;
}

/** The program an image runs, on this machine; undefined when there is none to run. */
async function program(svc: ComposeService): Promise<string[] | undefined> {
  if (svc.image.startsWith('node:')) return [];
  if (svc.build) {
    const image = await readImage(join(ROOT, 'deploy', svc.build.context, svc.build.dockerfile));
    if (image.entrypoint[0] === '/otelcol-gs') return collectorBinary() ? [collectorBinary()!] : undefined;
    return image.entrypoint;
  }
  // The image is Prometheus 3: its build from the compatibility lane when there is one.
  if (svc.image.startsWith('prom/prometheus:')) return [prometheus3Binary() ?? binary('prometheus')];
  if (svc.image.startsWith('prom/alertmanager:')) return [binary('alertmanager')];
  if (svc.image.startsWith('victoriametrics/victoria-metrics:'))
    return existsSync('/usr/bin/victoria-metrics') ? ['/usr/bin/victoria-metrics'] : undefined;
  return undefined;
}

/** Starts `name` in `ns`; `secretsDir` holds the secret files; returns undefined if not runnable. */
export async function startComposeService(
  compose: ComposeFile,
  name: string,
  ns: Netns,
  opts: { secretsDir: string; scratch: string },
): Promise<{ argv: string[]; output(): string } | undefined> {
  const svc = compose.services[name]!;
  const prog = await program(svc);
  if (!prog) return undefined;
  await mkdir(opts.scratch, { recursive: true });
  const deployDir = join(ROOT, 'deploy');
  const rewrite: Array<[string, string]> = [];
  for (const v of svc.volumes ?? []) {
    const [src, dst] = v.split(':') as [string, string];
    const host =
      src.startsWith('.') || isAbsolute(src) ? resolve(deployDir, src) : join(opts.scratch, name, src);
    if (!(src.startsWith('.') || isAbsolute(src))) await mkdir(host, { recursive: true });
    if (dirname(dst) === '/' && !existsSync(dst)) rewrite.push([dst, host]);
    else await ns.mount(dst, host);
  }
  for (const s of svc.secrets ?? []) {
    const source = typeof s === 'string' ? s : s.source;
    const target = (typeof s === 'string' ? undefined : s.target) ?? `/run/secrets/${source}`;
    const file = compose.secrets![source]!.file.replace(/^\.\/secrets\//, '');
    await ns.mount(target, join(opts.secretsDir, file));
  }
  // A volume at the root (`/repo`, `/prometheus`) moves to the scratch folder, and so does every
  // path that starts with it, wherever it stands (`--require /repo/...`, `--x=/prometheus`); a
  // path that only contains its name (`/etc/prometheus/prometheus.yml`) stays.
  const map = (x: string) =>
    rewrite.reduce(
      (acc, [from, to]) =>
        acc.replace(
          new RegExp(`(^|[\\s=:,])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[/\\s:,])`, 'g'),
          `$1${to}`,
        ),
      x.replace(/\$\$/g, '$'),
    );
  const command = (typeof svc.command === 'string' ? svc.command.split(' ') : (svc.command ?? [])).map(map);
  const argv = [...prog, ...command];
  // The node image's node is Node 24, as is the one running the tests (the machine's may be older).
  if (argv[0] === 'node') argv[0] = process.execPath;
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
    ...Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, map(String(v))])),
  };
  const child = ns.spawn(argv[0]!, argv.slice(1), {
    env,
    cwd: svc.working_dir ? map(svc.working_dir) : opts.scratch,
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { argv, output: () => out };
}

/** The container ports a service publishes (`127.0.0.1:8080:8080` -> 8080). */
export function publishedPorts(svc: ComposeService): number[] {
  return (svc.ports ?? []).map((p) => Number(p.split(':').pop()));
}

/** The address a service publishes a port on (`127.0.0.1:8080:8080` -> 127.0.0.1). */
export function publishedHost(port: string): string {
  const parts = port.split(':');
  return parts.length === 3 ? parts[0]! : '0.0.0.0';
}
