import { aptInstall, canAptInstall, executable, onPath } from './systemPackages.ts';

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
  if (canAptInstall(env)) {
    log('Prometheus is not installed: installing the Debian package (apt-get install prometheus)…');
    const status = aptInstall(['prometheus'], env);
    if (status === 0 && executable('/usr/bin/prometheus')) return '/usr/bin/prometheus';
    throw new DemoSetupError(`apt-get install prometheus failed (exit ${status}).\n${PROMETHEUS_HELP}`);
  }
  throw new DemoSetupError(`Prometheus was not found on PATH.\n${PROMETHEUS_HELP}`);
}
