/**
 * The demo's processes other than Prometheus (see demoRunner.ts): the shop under the preload and
 * the alerting service with deploy/alerting/demo. Each step returns once its process answers.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildGroup } from './childGroup.ts';
import { waitHttp } from './waitHttp.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** packages/demo-shop/dist/runner → the repository root. */
export const ROOT = join(here, '../../../..');
/** The demo's alerting config, rules and Prometheus config template. */
export const DEMO_CONFIG_DIR = join(ROOT, 'deploy/alerting/demo');
const require = createRequire(import.meta.url);

/** The loopback ports the demo's processes listen on. */
export interface DemoPorts {
  readonly shop: number;
  readonly metrics: number;
  readonly alerting: number;
  readonly prometheus: number;
}

/** Starts the demo shop under the golden-signals preload; resolves to its base URL once it listens. */
export async function startShop(
  children: ChildGroup,
  env: NodeJS.ProcessEnv,
  ports: DemoPorts,
): Promise<string> {
  const shop = children.spawn(
    'shop',
    process.execPath,
    [
      '--require',
      fileURLToPath(import.meta.resolve('@golden-signals/instrumentation/register')),
      join(here, '../shopMain.js'),
    ],
    {
      ...env,
      NODE_OPTIONS: '',
      OTEL_SERVICE_NAME: 'demo-shop',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(ports.metrics),
      SHOP_PORT: String(ports.shop),
    },
  );
  await shop.waitForOutput(/listening (\d+)/, 15_000);
  return `http://127.0.0.1:${ports.shop}`;
}

/** What the alerting service needs besides its ports. */
export interface AlertingSetup {
  readonly prometheusUrl: string;
  /** Its state_dir, inside the demo's temp dir. */
  readonly stateDir: string;
  readonly slackUrl: string;
}

/** Starts the alerting service with deploy/alerting/demo; resolves to its URL once /healthz is 200. */
export async function startAlerting(
  children: ChildGroup,
  env: NodeJS.ProcessEnv,
  ports: DemoPorts,
  setup: AlertingSetup,
  signal: AbortSignal,
): Promise<string> {
  const alertingUrl = `http://127.0.0.1:${ports.alerting}`;
  const alertingCli = join(dirname(require.resolve('@golden-signals/alerting/package.json')), 'dist/cli.js');
  children.spawn(
    'alerting',
    process.execPath,
    [alertingCli, 'run', '--config', join(DEMO_CONFIG_DIR, 'alerting.yml')],
    {
      ...env,
      NODE_OPTIONS: '',
      DEMO_PROMETHEUS_URL: setup.prometheusUrl,
      DEMO_STATE_DIR: setup.stateDir,
      DEMO_LISTEN: `127.0.0.1:${ports.alerting}`,
      SLACK_WEBHOOK_URL: setup.slackUrl,
      GOLDEN_SIGNALS_STATUS_WINDOW: '30s',
    },
  );
  await waitHttp(`${alertingUrl}/healthz`, (s) => s === 200, 30_000, signal);
  return alertingUrl;
}
