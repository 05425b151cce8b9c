#!/usr/bin/env node
/**
 * `golden-signals-alerting`: check | run | slo generate | silence. Exit codes: 0 ok, 1 runtime
 * failure, 2 invalid config or usage.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssue } from '@golden-signals/config-issues';
import { silenceCommand } from './cli/silenceCli.ts';
import { envSecret } from './config/envSecret.ts';
import { loadConfig, loadSloFile } from './config/loadConfig.ts';
import { createLogger } from './shared/log.ts';
import { sloRuleFileYaml } from './slo/sloRules.ts';

const HELP: Record<string, string> = {
  main: `Usage: golden-signals-alerting <command> [options]

Commands:
  check --config FILE [--strict-env]
                             validate the config and every rule file (all errors, file:line:column)
  run --config FILE          run the alerting engine
  slo generate --spec FILE [--out FILE]
                             write the Prometheus recording rules for an SLO spec
  silence add|list|expire [--url URL]
                             manage silences of the running service (see: silence --help)

Options:
  -h, --help                 help for any command
`,
  check: `Usage: golden-signals-alerting check --config alerting.yml [--strict-env]

Validates the config, its rule files and SLOs, and checks every PromQL expression's syntax.
Exits 0 when valid, 2 with every error as file:line:column: field: message.

Secrets need not be there: an unset \${VAR} or an unreadable *_file secret is a warning on stderr
(exit 0), so CI can check the config without the deployment's secrets. --strict-env makes them
errors, as they are for run.
`,
  run: `Usage: golden-signals-alerting run --config alerting.yml

Evaluates the rules every evaluation_interval, keeps state in state_dir, notifies receivers and
serves /metrics, /healthz and /api/v1/alerts on listen. Reloads on SIGHUP and on file change;
an invalid reload is rejected and the old rules keep running. Logs JSON lines on stderr
(GOLDEN_SIGNALS_LOG_LEVEL=debug|info|warn|error).
`,
  slo: `Usage: golden-signals-alerting slo generate --spec slos.yml [--out rules/slo.yml]

Writes the recording rules (error ratio per window) Prometheus must evaluate for the SLOs in the
spec; without --out they go to stdout. The engine generates the burn-rate alerts itself when the
config lists the spec under slo_files (or has slos inline).
`,
};

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  /** Writes `s` and returns `code`, so each branch is one `return`. */
  const out = (s: string, code = 0) => {
    process.stdout.write(s);
    return code;
  };
  const err = (s: string, code: number) => {
    process.stderr.write(s);
    return code;
  };
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    return out(HELP.main as string, cmd ? 0 : 2);
  }
  if (cmd === 'check' || cmd === 'run') {
    if (wantsHelp(rest)) return out(HELP[cmd] as string, 0);
    const config = option(rest, '--config') ?? option(rest, '-c');
    if (!config) return err(`missing --config FILE\n\n${HELP[cmd]}`, 2);
    if (cmd === 'check') return check(config, rest.includes('--strict-env'));
    const log = createLogger();
    try {
      // Imported on demand so `check` never loads the runtime (notifier, HTTP server).
      const { runService } = await import('./cli/run.ts');
      const svc = await runService({ configFile: config, log });
      const stop = () => {
        log.info('shutting down');
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return await new Promise<number>(() => {});
    } catch (e) {
      // 2 for an invalid config; a runtime fault (a state_dir that cannot be written) says 1.
      return err(`${(e as Error).message}\n`, (e as { exitCode?: number }).exitCode ?? 2);
    }
  }
  if (cmd === 'slo') {
    if (wantsHelp(rest) || rest[0] !== 'generate') return out(HELP.slo as string, wantsHelp(rest) ? 0 : 2);
    const spec = option(rest, '--spec');
    if (!spec) return err(`missing --spec FILE\n\n${HELP.slo}`, 2);
    const loaded = loadSloFile(resolve(spec));
    if (loaded.issues.length) return err(`${loaded.issues.map(formatIssue).join('\n')}\n`, 2);
    const yaml = sloRuleFileYaml(loaded.slos);
    const target = option(rest, '--out');
    if (target) writeFileSync(target, yaml);
    else out(yaml);
    return 0;
  }
  if (cmd === 'silence') return silence(rest);
  return err(`unknown command '${cmd}'\n\n${HELP.main}`, 2);
}

/** `silence ...`: the silences live in the running service; --url (or GOLDEN_SIGNALS_ALERTING_URL) finds it. */
function silence(rest: string[]): Promise<number> | number {
  const url = option(rest, '--url') ?? process.env.GOLDEN_SIGNALS_ALERTING_URL ?? 'http://127.0.0.1:9095';
  const args = rest.filter((a, i) => a !== '--url' && rest[i - 1] !== '--url' && !a.startsWith('--url='));
  const secret = envSecret(process.env, 'GOLDEN_SIGNALS_ALERTING_TOKEN');
  if (secret.error) {
    process.stderr.write(`${secret.error}\n`);
    return 2;
  }
  const token = secret.value;
  return silenceCommand(args, {
    url,
    ...(token ? { token } : {}),
    out: (l) => process.stdout.write(`${l}\n`),
  });
}

function check(config: string, strictEnv: boolean): number {
  const r = loadConfig(config, process.env, { allowMissing: !strictEnv });
  if (r.missing?.length) {
    const lines = r.missing.map((i) => `warning: ${formatIssue(i)}`);
    process.stderr.write(
      `${lines.join('\n')}\n${r.missing.length} warning(s): set them where the service runs (--strict-env makes them errors)\n`,
    );
  }
  if (!r.config) {
    process.stderr.write(`${r.issues.map(formatIssue).join('\n')}\n${r.issues.length} error(s)\n`);
    return 2;
  }
  const c = r.config;
  process.stdout.write(
    `ok: ${c.rules.length} alerting rules (${c.slos.length} from SLOs) in ${c.ruleFiles.length} rule files; ` +
      `${c.recordingRulesSkipped} recording rules skipped (Prometheus evaluates them); ` +
      `${c.notify.receivers.length} receivers\n`,
  );
  return 0;
}

function isMain(): boolean {
  try {
    return !!process.argv[1] && import.meta.url === new URL(`file://${realpathSync(process.argv[1])}`).href;
  } catch {
    return false;
  }
}
if (isMain()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
