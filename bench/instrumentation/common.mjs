// Shared plumbing of the instrumentation benchmarks: variants, spawning, CPU readings.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
export const NODE = process.execPath;

/**
 * The app every variant serves: `http` (a hello-world node:http server, the default) or `express`
 * (the same answer through express 5 and a router), from BENCH_APP.
 */
export const APP = process.env.BENCH_APP === 'express' ? 'express' : 'http';
const appFile = join(here, APP === 'express' ? 'app-express.cjs' : 'app-bare.cjs');

/** The variants compared in one run: bare Node, golden-signals, OTel auto-instrumentation, prom-client. */
export const VARIANTS = {
  bare: { args: [appFile], env: {} },
  'golden-signals': {
    args: ['--require', join(root, 'packages/instrumentation/dist/register.cjs'), appFile],
    env: { OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1' },
  },
  'otel-auto': {
    args: [
      '--require',
      join(root, 'bench/node_modules/@opentelemetry/auto-instrumentations-node/build/src/register.js'),
      appFile,
    ],
    env: {
      OTEL_SERVICE_NAME: 'bench',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    },
  },
  // prom-client by hand has its own node:http app; there is no express version of it.
  ...(APP === 'http' && {
    'prom-client': {
      args: [join(here, 'app-promclient.cjs')],
      env: { NODE_PATH: join(root, 'bench/node_modules') },
    },
  }),
};

export async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  return port;
}

/** Starts a variant; resolves once it printed its port. */
export async function startVariant(name, extraEnv = {}) {
  const v = VARIANTS[name];
  const metricsPort = await freePort();
  const t0 = performance.now();
  const child = spawn(NODE, v.args, {
    env: {
      ...process.env,
      ...v.env,
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
      METRICS_PORT: String(metricsPort),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', () => {});
  while (!/listening (\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`${name} exited`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const port = Number(/listening (\d+)/.exec(out)[1]);
  return { name, child, port, metricsPort, t0 };
}

export async function stop(p) {
  p.child.kill('SIGKILL');
  if (p.child.exitCode === null && p.child.signalCode === null) await once(p.child, 'exit');
}

const TICK = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by a process, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function spread(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(2)}–${s[s.length - 1].toFixed(2)}`;
}

export function shuffle(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
