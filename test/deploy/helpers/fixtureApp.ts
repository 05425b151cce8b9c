/** Starts test/deploy/fixtures/shop.cjs under the built preload, the way users run an app. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { killChild } from '../../kit/children.ts';
import { freePort } from '../../kit/ports.ts';
import { ROOT } from './run.ts';

/** The preload, as `node --require` loads it. */
export const REGISTER = join(ROOT, 'packages/instrumentation/dist/register.js');

/** A running fixture app. */
export interface FixtureApp {
  /** Base URL of the app. */
  readonly url: string;
  /** `host:port` of its /metrics, for Prometheus. */
  readonly metricsTarget: string;
  stop(): Promise<void>;
}

/** Spawns the shop fixture with `--require register` and waits for the app and /metrics. */
export async function startShop(serviceName: string, closedPort: number): Promise<FixtureApp> {
  const metricsPort = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', REGISTER, join(ROOT, 'test/deploy/fixtures/shop.cjs')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        OTEL_SERVICE_NAME: serviceName,
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
        CLOSED_PORT: String(closedPort),
        // The saturation dashboard's GC panel is checked for data too; GC pauses are opt-in.
        GOLDEN_SIGNALS_GC_PAUSES: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
  });
  const stop = () => killChild(child, 3000);
  const deadline = Date.now() + 15_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`fixture exited ${child.exitCode}: ${err}`);
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) {
        const ok = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return { url: `http://127.0.0.1:${port}`, metricsTarget: `127.0.0.1:${metricsPort}`, stop };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`fixture not ready after 15 s: ${err}`);
  } catch (e) {
    await stop();
    throw e;
  }
}
