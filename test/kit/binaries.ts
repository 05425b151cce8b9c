/**
 * The system binaries the tests run (real Prometheus, promtool, Alertmanager, amtool, Chromium,
 * docker-compose), found in one place: the tool's `*_BIN` variable, else its names on PATH. `npm test` starts with {@link preflight} (test/kit/preflight.ts), so
 * a machine without them learns in its first seconds what to install, instead of after minutes
 * of failures.
 */
import {
  aptInstall,
  aptInstallCommand,
  canAptInstall,
  executable,
  onPath,
} from '../../packages/demo-shop/src/runner/systemPackages.ts';

/** A binary the tests need and where it comes from. */
export interface Tool {
  /** Environment variable that names the binary explicitly. */
  readonly env: string;
  /** Names looked up on PATH, in order (Debian calls Alertmanager `prometheus-alertmanager`). */
  readonly names: readonly string[];
  /** The Debian/Ubuntu package that installs it. */
  readonly debianPackage: string;
}

/** Every binary the suite runs. */
export const TOOLS = {
  prometheus: { env: 'PROMETHEUS_BIN', names: ['prometheus'], debianPackage: 'prometheus' },
  promtool: { env: 'PROMTOOL_BIN', names: ['promtool'], debianPackage: 'prometheus' },
  alertmanager: {
    env: 'ALERTMANAGER_BIN',
    names: ['prometheus-alertmanager', 'alertmanager'],
    debianPackage: 'prometheus-alertmanager',
  },
  amtool: { env: 'AMTOOL_BIN', names: ['amtool'], debianPackage: 'prometheus-alertmanager' },
  chromium: { env: 'CHROMIUM_BIN', names: ['chromium', 'chromium-browser'], debianPackage: 'chromium' },
  'docker-compose': { env: 'DOCKER_COMPOSE_BIN', names: ['docker-compose'], debianPackage: 'docker-compose' },
} as const satisfies Record<string, Tool>;

/** A name of {@link TOOLS}. */
export type ToolName = keyof typeof TOOLS;

/** Where `tool` is: its variable (when set, even if wrong, so a typo is not silently ignored), else PATH. */
export function findBinary(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t: Tool = TOOLS[tool];
  const explicit = env[t.env];
  if (explicit) return executable(explicit) ? explicit : undefined;
  for (const name of t.names) {
    const found = onPath(name, env.PATH);
    if (found) return found;
  }
  return undefined;
}

/** The path of `tool`, for a test to run; throws the install line when it is missing. */
export function binary(tool: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const found = findBinary(tool, env);
  if (found) return found;
  throw new Error(missingLine([tool], env));
}

/** One line naming what is missing and the exact command (or variable) that fixes it. */
export function missingLine(missing: readonly ToolName[], env: NodeJS.ProcessEnv = process.env): string {
  const packages = [...new Set(missing.map((m) => TOOLS[m].debianPackage))];
  const wrong = missing.filter((m) => env[TOOLS[m].env]).map((m) => `${TOOLS[m].env}=${env[TOOLS[m].env]}`);
  const vars = missing.map((m) => TOOLS[m].env).join(', ');
  return (
    `npm test needs ${missing.join(', ')}` +
    (wrong.length ? ` (not executable: ${wrong.join(', ')})` : '') +
    `: run ${aptInstallCommand(packages)} (or set ${vars})`
  );
}

/** Outcome of {@link preflight}. */
export interface Preflight {
  readonly ok: boolean;
  /** The one line to print when not ok. */
  readonly message?: string;
  /** Debian packages installed on the way. */
  readonly installed: readonly string[];
}

/**
 * Checks every tool; when some are missing and this process is root on Debian/Ubuntu, installs
 * their packages (as the demo does for Prometheus) and checks again.
 */
export function preflight(
  env: NodeJS.ProcessEnv = process.env,
  install: (packages: readonly string[]) => number | null = (p) => aptInstall(p, env),
  mayInstall: boolean = canAptInstall(env),
): Preflight {
  const missing = () => (Object.keys(TOOLS) as ToolName[]).filter((t) => !findBinary(t, env));
  const before = missing();
  if (!before.length) return { ok: true, installed: [] };
  // A wrong *_BIN is a mistake to report, not something apt-get can fix.
  const installable = before.filter((t) => !env[TOOLS[t].env]);
  const packages = [...new Set(installable.map((t) => TOOLS[t].debianPackage))];
  if (mayInstall && packages.length) install(packages);
  const after = mayInstall ? missing() : before;
  if (!after.length) return { ok: true, installed: packages };
  return { ok: false, message: missingLine(after, env), installed: mayInstall ? packages : [] };
}

/** True when the tests run against a binary named by its `*_BIN` variable (the compatibility lane). */
export function fromEnv(tool: ToolName, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env[TOOLS[tool].env];
}

/**
 * A Prometheus 3.x for tests that need one whatever the lane (remote-write and OTLP receivers, the
 * compose file's pinned image): `PROMETHEUS3_BIN`, else `PROMETHEUS_BIN`; undefined when neither.
 */
export function prometheus3Binary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PROMETHEUS3_BIN || env.PROMETHEUS_BIN || undefined;
}
