/**
 * Entry of the demo shop process, meant to run under the preload:
 * `node --require @golden-signals/instrumentation/register dist/shopMain.js`.
 * Listens on SHOP_PORT (default: a free port) on SHOP_HOST (default 127.0.0.1) and prints
 * `listening <port>` once ready, which is what the demo runner and the tests wait for.
 */
import { createShop } from './shop.ts';

const { server } = createShop();
const host = process.env.SHOP_HOST ?? '127.0.0.1';
server.listen(Number(process.env.SHOP_PORT ?? 0), host, () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Give the preload's exporter a moment; never hang the demo's shutdown.
  setTimeout(() => process.exit(0), 2000).unref();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
