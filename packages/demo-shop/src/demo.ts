#!/usr/bin/env node
/**
 * `npm run demo` (and `npm run demo -- --once`): see runner/demoRunner.ts. Exit codes: 0 ok,
 * 1 the incident did not page, escalate and resolve (or a part crashed), 2 setup or usage error.
 */
import { runDemo } from './runner/demoRunner.ts';

const HELP = `Usage: npm run demo [-- --once] [-- --verbose]

Starts Prometheus, the demo shop under the golden-signals preload, a traffic generator with a
scripted checkout incident, the alerting service (deploy/alerting/demo) and a Slack-compatible
sink rendered here (or your channel, when SLACK_WEBHOOK_URL is set). Ctrl-C stops everything.

  --once      run one incident to its resolve, then exit 0 if the page fired, escalated to
              critical and resolved, 1 with the reason otherwise
  --verbose   also print the log lines of every process
  --outage=N  hold the outage (critical) phase for N seconds instead of 35
  --quick     the compressed script: the outage starts at +35 s instead of +45 s (what the
              end-to-end test plays)
  PROMETHEUS_BIN=/path/to/prometheus   use this Prometheus binary
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const outageArg = args.find((a) => a.startsWith('--outage='));
const outageSeconds = outageArg === undefined ? undefined : Number(outageArg.slice('--outage='.length));
if (
  outageSeconds !== undefined &&
  !(Number.isInteger(outageSeconds) && outageSeconds >= 10 && outageSeconds <= 3600)
) {
  process.stderr.write(`${outageArg}: expected a whole number of seconds from 10 to 3600\n\n${HELP}`);
  process.exit(2);
}
const unknown = args.filter((a) => !['--once', '--verbose', '--quick'].includes(a) && a !== outageArg);
if (unknown.length) {
  process.stderr.write(`unknown option ${unknown.join(' ')}\n\n${HELP}`);
  process.exit(2);
}

const controller = new AbortController();
const stop = (sig: string) => {
  if (controller.signal.aborted) return;
  process.stdout.write(`\n${sig}: stopping every process of the demo…\n`);
  controller.abort(new Error(sig));
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const outcome = await runDemo({
  once: args.includes('--once'),
  verbose: args.includes('--verbose'),
  quick: args.includes('--quick'),
  ...(outageSeconds === undefined ? {} : { outageSeconds }),
  env: process.env,
  print: (line) => process.stdout.write(`${line}\n`),
  colour: process.stdout.isTTY === true,
  signal: controller.signal,
});
if (outcome.ok) {
  process.stdout.write('Demo stopped; nothing left running.\n');
  process.exit(0);
}
process.stderr.write(`\n❌ demo failed: ${outcome.reason}\n`);
process.exit(/Prometheus was not found|PROMETHEUS_BIN|apt-get install/.test(outcome.reason ?? '') ? 2 : 1);
