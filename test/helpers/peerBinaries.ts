/**
 * Where the tests find the real peers they run. `PROMETHEUS_BIN`, `PROMTOOL_BIN`,
 * `ALERTMANAGER_BIN` and `AMTOOL_BIN` (set by .ci/run's compatibility lane to the Go builds from
 * tools/peers) win; otherwise the first match on PATH, then Debian's location. Debian's packages
 * (Prometheus 2.42, its Alertmanager) stay the default for `npm test`.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A peer the tests run. */
export type Peer = 'prometheus' | 'promtool' | 'alertmanager' | 'amtool';

/** Names on PATH, in order; Debian calls its Alertmanager `prometheus-alertmanager`. */
const NAMES: Record<Peer, readonly string[]> = {
  prometheus: ['prometheus'],
  promtool: ['promtool'],
  alertmanager: ['prometheus-alertmanager', 'alertmanager'],
  amtool: ['amtool'],
};

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of `peer`'s binary: `${PEER}_BIN`, else PATH, else `/usr/bin/<Debian name>`. */
export function peerBinary(peer: Peer, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[`${peer.toUpperCase()}_BIN`];
  if (fromEnv) {
    if (!executable(fromEnv)) throw new Error(`${peer.toUpperCase()}_BIN=${fromEnv}: not an executable file`);
    return fromEnv;
  }
  for (const name of NAMES[peer]) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && executable(join(dir, name))) return join(dir, name);
    }
  }
  return `/usr/bin/${NAMES[peer][0]}`;
}

/** True when the tests run against a peer named by its `_BIN` variable (the compatibility lane). */
export function peerFromEnv(peer: Peer, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env[`${peer.toUpperCase()}_BIN`];
}

/**
 * A Prometheus 3.x for tests that need one whatever the lane (remote-write and OTLP receivers, the
 * compose file's pinned image): `PROMETHEUS3_BIN`, else `PROMETHEUS_BIN`; undefined when neither.
 */
export function prometheus3Binary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.PROMETHEUS3_BIN || env.PROMETHEUS_BIN || undefined;
}
