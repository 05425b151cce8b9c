import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Why the demo cannot start, with what to do about it. */
export class DemoSetupError extends Error {
  override readonly name = 'DemoSetupError';
}

/** How to get Prometheus, for the error message. */
export const PROMETHEUS_HELP = [
  'The demo needs a Prometheus binary (2.x or 3.x). Either:',
  '  - install it: sudo apt-get install prometheus (Debian/Ubuntu), brew install prometheus (macOS),',
  "    or unpack the official release tarball and point PROMETHEUS_BIN at its 'prometheus' binary;",
  '  - or run the whole stack in containers instead: docker compose -f deploy/docker-compose.yml up',
].join('\n');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds Prometheus: PROMETHEUS_BIN, then `prometheus` on PATH, then the Debian package's path.
 * When none is there and we are root on Debian/Ubuntu, installs the `prometheus` package with
 * apt-get (what a fresh CI machine or container needs); otherwise throws a {@link DemoSetupError}
 * naming the install command and the docker compose alternative.
 */
export function findPrometheus(env: NodeJS.ProcessEnv, log: (line: string) => void): string {
  if (env.PROMETHEUS_BIN) {
    if (executable(env.PROMETHEUS_BIN)) return env.PROMETHEUS_BIN;
    throw new DemoSetupError(
      `PROMETHEUS_BIN=${env.PROMETHEUS_BIN} is not an executable file.\n${PROMETHEUS_HELP}`,
    );
  }
  const found =
    onPath('prometheus', env.PATH) ?? (executable('/usr/bin/prometheus') ? '/usr/bin/prometheus' : undefined);
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/etc/debian_version') && onPath('apt-get', env.PATH)) {
    log('Prometheus is not installed: installing the Debian package (apt-get install prometheus)…');
    const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
      stdio: 'inherit',
      env: aptEnv,
    });
    if (r.status === 0 && executable('/usr/bin/prometheus')) return '/usr/bin/prometheus';
    throw new DemoSetupError(`apt-get install prometheus failed (exit ${r.status}).\n${PROMETHEUS_HELP}`);
  }
  throw new DemoSetupError(`Prometheus was not found on PATH.\n${PROMETHEUS_HELP}`);
}
