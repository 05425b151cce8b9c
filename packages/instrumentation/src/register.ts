/**
 * The preload: `node --require @golden-signals/instrumentation/register app.js`
 * (or `--import` for ESM apps). Starts instrumentation from the environment; never throws.
 */
import { start } from './instrumentation.ts';

try {
  const disabled = (process.env.GOLDEN_SIGNALS_DISABLED ?? '').trim().toLowerCase();
  if (!['true', '1', 'yes', 'on'].includes(disabled)) start();
} catch (err) {
  process.stderr.write(
    `golden-signals error: instrumentation did not start (${String(err)}); the app runs without it\n`,
  );
}
