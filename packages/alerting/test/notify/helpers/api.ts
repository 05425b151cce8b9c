import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Notifier } from '../../../src/notify/notifier.ts';
import { handleSilencesHttp } from '../../../src/web/silencesApi.ts';

/** Serves the notifier's HTTP API on 127.0.0.1:0 for the duration of `fn`. */
export async function startApi<T>(notifier: Notifier, fn: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!(await handleSilencesHttp(req, res, url, await notifier.silenceAccess()))) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
