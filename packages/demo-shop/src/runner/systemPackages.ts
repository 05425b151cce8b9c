/**
 * Finding system binaries and installing the Debian packages that bring them: shared by the demo
 * (Prometheus) and the test suite's preflight (test/kit/binaries.ts), so both install the same way.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True when `path` is a file this process may execute. */
export function executable(path: string): boolean {
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

/** True when this process may install Debian packages itself: root on Debian/Ubuntu with apt-get. */
export function canAptInstall(env: NodeJS.ProcessEnv): boolean {
  return (
    process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get', env.PATH) !== undefined
  );
}

/** The command a person runs to install `packages` (printed when we may not run it ourselves). */
export function aptInstallCommand(packages: readonly string[]): string {
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * Installs `packages` with apt-get (noninteractive, without recommends, after an index update),
 * its output on this process' terminal. Returns apt-get's exit code. Only call when
 * {@link canAptInstall} is true.
 */
export function aptInstall(packages: readonly string[], env: NodeJS.ProcessEnv): number | null {
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: aptEnv,
  });
  return r.status;
}
