// The same server with prom-client by hand: what a careful user writes without us.
const http = require('node:http');
const client = require('prom-client');
const duration = new client.Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP server requests.',
  labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
});
const server = http.createServer((req, res) => {
  const end = duration.startTimer();
  res.on('finish', () =>
    end({ http_request_method: req.method, http_route: '/', http_response_status_code: res.statusCode }),
  );
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello');
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
  console.log(`listening ${server.address().port}`),
);
const metrics = http.createServer(async (_req, res) => res.end(await client.register.metrics()));
metrics.listen(Number(process.env.METRICS_PORT ?? 0), '127.0.0.1');
metrics.unref();
