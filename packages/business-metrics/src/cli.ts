#!/usr/bin/env node
/**
 * golden-signals-business: turns a funnel spec into Prometheus recording rules.
 *
 *   golden-signals-business --help
 *   golden-signals-business generate deploy/business/funnels.yml > deploy/prometheus/rules/business.yml
 *   golden-signals-business check deploy/business/funnels.yml
 *
 * Exit codes: 0 ok, 1 the spec has problems (each printed as file:line:column: field: message),
 * 2 usage.
 */
import { generateRules } from './funnel/generateRules.ts';
import { loadFunnelSpec } from './funnel/loadFunnelSpec.ts';
import { renderRules } from './funnel/renderRules.ts';
import { FunnelSpecError } from './funnel/specIssue.ts';

const USAGE = `usage: golden-signals-business generate <funnels.yml>   print the recording rules (YAML) on stdout
       golden-signals-business check <funnels.yml>      validate the spec only
`;

/** Runs the CLI with `args` (without node and script); returns the exit code. */
export function main(args: readonly string[], out = process.stdout, err = process.stderr): number {
  const [command, file, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    out.write(USAGE);
    return 0;
  }
  if ((command !== 'generate' && command !== 'check') || !file || rest.length > 0) {
    err.write(USAGE);
    return 2;
  }
  try {
    const spec = loadFunnelSpec(file);
    if (command === 'check') {
      out.write(`${file}: ok (${spec.funnels.length} funnels)\n`);
    } else {
      out.write(renderRules(generateRules(spec), { source: file }));
    }
    return 0;
  } catch (e) {
    if (!(e instanceof FunnelSpecError)) throw e;
    err.write(`${e.message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
