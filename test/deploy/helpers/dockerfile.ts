/**
 * What a container started from one of our images runs, read from its Dockerfile's last stage:
 * ENTRYPOINT, CMD, WORKDIR, ENV, USER, and which repository folders the image copies where.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ROOT } from './run.ts';

/** The runtime part of an image. */
export interface ImageSpec {
  readonly file: string;
  readonly entrypoint: string[];
  readonly cmd: string[];
  readonly workdir: string;
  readonly env: Record<string, string>;
  readonly user?: string;
  /** Path inside the image -> path in the repository, from `COPY --from=build /src/X Y`. */
  readonly copies: Record<string, string>;
}

/** The Dockerfile in deploy/docker for an image name the manifests use. */
export function dockerfileFor(image: string): string {
  const name = /([\w-]+)(?::[\w.-]+)?$/.exec(image)?.[1]?.replace(/^golden-signals-/, '');
  return join(ROOT, 'deploy/docker', `${name}.Dockerfile`);
}

/** Reads the last stage of `file`. */
export async function readImage(file: string): Promise<ImageSpec> {
  const text = (await readFile(file, 'utf8')).replace(/\\\n\s*/g, ' ');
  const stages = text.split(/^FROM /m);
  const last = stages.at(-1) ?? '';
  const spec = {
    file,
    entrypoint: [] as string[],
    cmd: [] as string[],
    workdir: '/',
    env: {} as Record<string, string>,
    copies: {} as Record<string, string>,
    user: undefined as string | undefined,
  };
  for (const line of last.split('\n')) {
    const m = /^(\w+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, op, arg] = m as unknown as [string, string, string];
    if (op === 'ENTRYPOINT') spec.entrypoint = JSON.parse(arg) as string[];
    else if (op === 'CMD') spec.cmd = JSON.parse(arg) as string[];
    else if (op === 'WORKDIR') spec.workdir = arg;
    else if (op === 'USER') spec.user = arg;
    else if (op === 'ENV')
      for (const kv of arg.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g))
        spec.env[kv[1]!] = kv[2]!.startsWith('"') ? (JSON.parse(kv[2]!) as string) : kv[2]!;
    else if (op === 'COPY') {
      const c = /--from=\w+\s+(.+)\s+(\S+)$/.exec(arg);
      if (!c) continue;
      const dest = c[2]!.startsWith('/') ? c[2]! : join(spec.workdir, c[2]!);
      for (const src of c[1]!.split(/\s+/)) {
        const rel = src.replace(/^\/src\/?/, '');
        const to =
          dest.endsWith('/') || c[1]!.split(/\s+/).length > 1 ? join(dest, rel.split('/').pop()!) : dest;
        spec.copies[to] = join(ROOT, rel);
      }
    }
  }
  // An image whose WORKDIR holds repository files at their own relative paths is the repository
  // laid out there: map the folder itself too (for the working directory).
  const same = Object.entries(spec.copies).every(
    ([to, from]) => from === join(ROOT, relative(spec.workdir, to)),
  );
  if (same && Object.keys(spec.copies).length) spec.copies[spec.workdir] = ROOT;
  return spec;
}

/** Maps a path inside the image to the repository file it was copied from (unchanged if none). */
export function imagePath(spec: ImageSpec, p: string): string {
  const hit = Object.keys(spec.copies)
    .sort((a, b) => b.length - a.length)
    .find((k) => p === k || p.startsWith(`${k}/`));
  return hit ? spec.copies[hit]! + p.slice(hit.length) : p;
}
