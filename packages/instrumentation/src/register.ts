/**
 * The preload: `node --require @golden-signals/instrumentation/register app.js`
 * (or `--import` for ESM apps). Starts instrumentation from the environment; never throws.
 *
 * Shipped as one CommonJS bundle (dist/register.cjs): loading ~25 ES modules through the ESM
 * loader cost ~80-120 ms before the app's first line on this machine, the bundle ~15-40 ms
 * (docs/PERFORMANCE.md). The bundle shares its running instance with the package's ES modules
 * through a global symbol, so `measure()` and `configure()` from the package reach it.
 */
import { start } from './instrumentation.ts';

try {
  start();
} catch (err) {
  process.stderr.write(
    `golden-signals error: instrumentation did not start (${String(err)}); the app runs without it\n`,
  );
}
