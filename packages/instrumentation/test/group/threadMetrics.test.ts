/**
 * An app with worker threads: every thread joins the port's view, but process-wide readings
 * (CPU, memory) are the whole process' in each thread, so only the main thread reports them.
 * Before, a 3-worker app served about 4x its real CPU time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, freePort, REGISTER } from '../helpers/app.ts';
import { drive, launch, requestCount, scrapeSamples } from '../helpers/launch.ts';

/** CPU seconds (user + system) a process used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

test('worker_threads: process CPU is served once, not once per thread', async () => {
  const metricsPort = await freePort();
  const app = launch(process.execPath, ['--require', REGISTER, join(FIXTURES, 'multi.cjs')], {
    MODE: 'threads',
    WORKERS: '3',
    APP_PORT: String(await freePort()),
    OTEL_SERVICE_NAME: 'threads',
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
  });
  try {
    const ports = (await app.waitFor(/ports ([\d,]+)/))[1]!.split(',').map(Number);
    await drive(ports, 30);
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    let served: number | undefined;
    for (let i = 0; i < 20 && served === undefined; i++) {
      const s = await scrapeSamples(url);
      if (s && requestCount(s.samples) >= 30)
        served = s.samples
          .filter((x) => x.name === 'process_cpu_time_seconds_total')
          .reduce((a, x) => a + x.value, 0);
      else await new Promise((r) => setTimeout(r, 200));
    }
    const actual = cpuSeconds(app.child.pid!); // read after the scrape: it can only have grown
    assert.ok(served !== undefined && served > 0, `no process CPU served\n${app.err()}`);
    assert.ok(served <= actual * 1.05 + 0.02, `served ${served} s of CPU, the process used ${actual} s`);
  } finally {
    await app.stop();
  }
});
