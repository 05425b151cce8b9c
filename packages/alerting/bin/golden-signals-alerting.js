#!/usr/bin/env node
// The `golden-signals-alerting` command. This launcher is checked in (executable) rather than the
// bin pointing at dist/cli.js: npm links a workspace's bins at install time, before a build has
// written dist/, and tsc writes its output without the execute bit.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
