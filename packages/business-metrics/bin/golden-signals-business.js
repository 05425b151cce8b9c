#!/usr/bin/env node
// The `golden-signals-business` command. This launcher is checked in (executable) rather than the
// bin pointing at dist/cli.js: npm links a workspace's bins at install time, before a build has
// written dist/, and tsc writes its output without the execute bit. dist/cli.js runs on import.
import '../dist/cli.js';
