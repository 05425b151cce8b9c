import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import * as threads from 'node:worker_threads';

/**
 * Scripts that only start another Node process: package managers, runners, watchers. With the
 * preload in NODE_OPTIONS they load it too, and used to take the metrics port before the app.
 * Matched on the script's path, as the launchers install it.
 */
const WRAPPERS: readonly RegExp[] = [
  /[\\/]npm[\\/]bin[\\/](npm|npx)-cli\.js$/,
  /[\\/](npm|npx)-cli\.js$/,
  /[\\/]yarn(pkg)?[\\/]bin[\\/]yarn(\.js)?$/,
  /[\\/]yarn(-[\d.]+)?\.c?js$/,
  /[\\/]pnpm[\\/]bin[\\/]pnpm\.c?js$/,
  /[\\/]pnpm\.c?js$/,
  /[\\/]corepack[\\/]/,
  /[\\/]tsx[\\/]dist[\\/]cli\.m?js$/,
  /[\\/]nodemon[\\/]bin[\\/]nodemon\.js$/,
  /[\\/]ts-node-dev[\\/]lib[\\/]bin\.js$/,
  /[\\/]concurrently[\\/]dist[\\/]bin[\\/]/,
  /[\\/]npm-run-all2?[\\/]bin[\\/]/,
];

/** The same launchers by the names of their bin links (`/usr/bin/npm`, `node_modules/.bin/tsx`). */
const WRAPPER_NAMES = new Set([
  'npm',
  'npx',
  'yarn',
  'yarnpkg',
  'pnpm',
  'pnpx',
  'corepack',
  'tsx',
  'nodemon',
  'ts-node-dev',
  'tsnd',
  'concurrently',
  'npm-run-all',
  'run-p',
  'run-s',
]);

/**
 * True when this process is a launcher, not the app: it gets no exporters (the app it starts
 * runs the preload itself). Also `node --watch`, whose parent only restarts the child.
 * GOLDEN_SIGNALS_WRAPPERS adds script names (comma separated basenames).
 */
export function isLauncher(
  argv: readonly string[] = process.argv,
  execArgv: readonly string[] = process.execArgv,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const script = argv[1] ?? '';
  if (WRAPPER_NAMES.has(basename(script)) || WRAPPERS.some((re) => re.test(resolved(script)))) return true;
  const extra = (env.GOLDEN_SIGNALS_WRAPPERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (extra.includes(basename(script))) return true;
  // The watcher parent of `node --watch app.js`; Node starts the app as a child marked with
  // WATCH_REPORT_DEPENDENCIES (and without --watch).
  return (
    execArgv.some((a) => a === '--watch' || a.startsWith('--watch-path')) && !env.WATCH_REPORT_DEPENDENCIES
  );
}

function resolved(path: string): string {
  try {
    return path ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/**
 * True in a thread Node runs for itself, such as the module-hooks thread that `module.register`
 * (tsx, ts-node's ESM loader) starts: Node 20 and some 22 releases run the preload there too,
 * and that thread, not the app, then took the metrics port. Node 22.14+ says so
 * (`isInternalThread`); before, such a thread is the one without a `parentPort` (every Worker an
 * app starts has one; its argv is not yet complete while the preload runs, so it cannot tell).
 */
export function isInternalThread(
  t: { isMainThread: boolean; isInternalThread?: boolean; parentPort: unknown } = threads,
): boolean {
  if (t.isMainThread) return false;
  return t.isInternalThread === true || t.parentPort === null;
}
