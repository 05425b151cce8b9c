/**
 * A private network and mount namespace for tests that must run services exactly as a manifest
 * says: on their fixed ports and on 0.0.0.0 (which there is only a private loopback, never a
 * real interface), with the manifest's service names resolving to 127.0.0.1 through a
 * bind-mounted /etc/hosts. Needs root (CI runs as root); `netnsUnavailable()` says why not.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { killChild } from '../../kit/children.ts';

/** A running namespace; everything started through it is stopped by `stop()`. */
export interface Netns {
  /** Starts `cmd args` inside the namespace. */
  spawn(cmd: string, args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): ChildProcess;
  /** An HTTP request from inside the namespace: status and body (status 0: no answer). */
  fetch(
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<{ status: number; body: string }>;
  /** Waits until `url` answers with a status `accept` likes. */
  waitHttp(url: string, accept?: (status: number) => boolean, timeoutMs?: number): Promise<number>;
  /**
   * Makes `hostPath` (a file or a folder) appear at `containerPath` inside the namespace, as a
   * volume mount would: the nearest existing ancestor below / gets a throw-away overlay, so the
   * mount point can be made without touching the machine's own file system.
   */
  mount(containerPath: string, hostPath: string): Promise<void>;
  /**
   * Answers DNS inside the namespace from its hosts file, on 127.0.0.11 as compose's embedded
   * server does, and points /etc/resolv.conf there: for programs that never read /etc/hosts.
   */
  serveDns(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a namespace cannot be made here, or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for a private network namespace (CI runs as root)';
  const r = spawnSync('unshare', ['--net', '--mount', 'true']);
  return r.status === 0 ? undefined : `unshare --net --mount failed: ${String(r.stderr)}`;
}

const FETCH = `const [u, i] = process.argv.slice(1);
fetch(u, { ...JSON.parse(i), signal: AbortSignal.timeout(3000) }).then(
  async (r) => process.stdout.write(JSON.stringify({ status: r.status, body: await r.text() })),
  () => process.stdout.write(JSON.stringify({ status: 0, body: '' })));`;

/** Starts a namespace where each of `hosts` resolves to 127.0.0.1. */
export function startNetns(hosts: readonly string[]): Promise<Netns> {
  return startNamespace(`127.0.0.1 localhost ${hosts.join(' ')}\n::1 localhost\n`);
}

type Namespace = Netns & { pid: number; hostsFile: string; sh(script: string): Promise<void> };

async function startNamespace(hostsText: string): Promise<Namespace> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-netns-'));
  const hostsFile = join(dir, 'hosts');
  await writeFile(hostsFile, hostsText);
  const holder = spawn(
    'unshare',
    [
      '--net',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      `ip link set lo up && mount --bind '${hostsFile}' /etc/hosts && echo ready && exec sleep 3600`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    holder.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    holder.stdout?.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`network namespace did not start (${code}): ${err}`)));
  });
  const children: ChildProcess[] = [];
  const enter = ['-t', String(holder.pid), '-n', '-m', '--'];
  const overlaid = new Set<string>();
  const resolvFile = join(dir, 'resolv.conf');
  let dns = false;
  const sh = (script: string) =>
    new Promise<void>((resolve, reject) =>
      execFile('nsenter', [...enter, 'sh', '-ec', script], (err, _out, stderr) =>
        err ? reject(new Error(`${script}: ${stderr}`)) : resolve(),
      ),
    );
  const ns: Namespace = {
    pid: holder.pid!,
    hostsFile,
    sh,
    spawn(cmd, args, opts = {}) {
      // Entering the mount namespace moves to its root. nsenter's own --wd opens the folder before
      // entering, which leaves it unreachable from the new root (Go's getwd then fails): change
      // into it from inside.
      const wd = opts.cwd ? ['sh', '-c', 'cd "$0" && exec "$@"', opts.cwd] : [];
      const child = spawn('nsenter', [...enter, ...wd, cmd, ...args], {
        env: opts.env ?? process.env,
        cwd: opts.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    fetch(url, init = {}) {
      return new Promise((resolve) => {
        const c = spawn('nsenter', [...enter, process.execPath, '-e', FETCH, url, JSON.stringify(init)], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', () => {
          try {
            resolve(JSON.parse(out) as { status: number; body: string });
          } catch {
            resolve({ status: 0, body: '' });
          }
        });
      });
    },
    async waitHttp(url, accept = (s) => s === 200, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 0;
      while (Date.now() < deadline) {
        last = (await ns.fetch(url)).status;
        if (accept(last)) return last;
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`${url} did not answer as expected within ${timeoutMs} ms (last status ${last})`);
    },
    async mount(containerPath, hostPath) {
      let base = dirname(containerPath);
      while (!existsSync(base)) base = dirname(base);
      if (base === '/') throw new Error(`${containerPath}: no folder below / to overlay`);
      if (![...overlaid].some((o) => base === o || base.startsWith(`${o}/`))) {
        const upper = join(dir, `ov${overlaid.size}`);
        await mkdir(join(upper, 'u'), { recursive: true });
        await mkdir(join(upper, 'w'), { recursive: true });
        await sh(
          `mount -t overlay overlay -o lowerdir=${base},upperdir=${upper}/u,workdir=${upper}/w ${base}`,
        );
        overlaid.add(base);
        // The overlay hides mounts below it: bring the namespace's /etc/hosts (and resolv.conf) back.
        if ('/etc/hosts'.startsWith(`${base}/`)) await sh(`mount --bind '${hostsFile}' /etc/hosts`);
        if (dns && '/etc/resolv.conf'.startsWith(`${base}/`))
          await sh(`mount --bind '${resolvFile}' /etc/resolv.conf`);
      }
      const make = statSync(hostPath).isDirectory()
        ? `mkdir -p '${containerPath}'`
        : `mkdir -p '${dirname(containerPath)}' && touch '${containerPath}'`;
      await sh(`${make} && mount --bind '${hostPath}' '${containerPath}'`);
    },
    async serveDns() {
      const server = ns.spawn(process.execPath, [join(import.meta.dirname, 'dnsServer.ts'), hostsFile]);
      await new Promise<void>((resolve, reject) => {
        server.stdout?.once('data', () => resolve());
        server.once('exit', (code) => reject(new Error(`the DNS server exited (${code})`)));
      });
      await writeFile(resolvFile, 'nameserver 127.0.0.11\n');
      await sh(`mount --bind '${resolvFile}' /etc/resolv.conf`);
      dns = true;
    },
    async stop() {
      await Promise.all(children.map((c) => killChild(c, 3000)));
      await killChild(holder, 1000);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return ns;
}

/** One namespace per service on a private bridge, each name resolving to its service's address. */
export interface Network {
  readonly hosts: Record<string, Netns>;
  /** The address `name` has on the bridge. */
  address(name: string): string;
  /** From now on `alias` resolves to its members' addresses too, in every namespace. */
  addAlias(alias: string, members: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a namespace per name, linked by a bridge in a namespace of its own, as a compose
 * network links containers: each service may listen on the same ports as the others, and
 * reaches them by name. The subnet exists only inside these namespaces. An alias resolves to
 * every address of its members, as a compose service scaled out or a headless Service does.
 */
export async function startNetwork(
  names: readonly string[],
  aliases: Readonly<Record<string, readonly string[]>> = {},
): Promise<Network> {
  const address = (name: string) => `10.247.0.${names.indexOf(name) + 2}`;
  const lines = names.map((n) => `${address(n)} ${n}`);
  for (const [alias, members] of Object.entries(aliases))
    for (const m of members) lines.push(`${address(m)} ${alias}`);
  const hostsText = () => `127.0.0.1 localhost\n${lines.join('\n')}\n`;
  const bridge = await startNamespace(hostsText());
  const tag = Math.random().toString(36).slice(2, 7);
  const ipLink = promisify(execFile);
  await bridge.sh('ip link add br0 type bridge && ip link set br0 up');
  const hosts: Record<string, Namespace> = {};
  try {
    for (const [i, name] of names.entries()) {
      const ns = await startNamespace(hostsText());
      hosts[name] = ns;
      const port = `gs${tag}${i}`;
      await ipLink('ip', [
        'link',
        'add',
        port,
        'netns',
        String(bridge.pid),
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        String(ns.pid),
      ]);
      await bridge.sh(`ip link set ${port} master br0 && ip link set ${port} up`);
      await ns.sh(`ip addr add ${address(name)}/24 dev eth0 && ip link set eth0 up`);
    }
  } catch (e) {
    await Promise.all([...Object.values(hosts).map((h) => h.stop()), bridge.stop()]);
    throw e;
  }
  return {
    hosts,
    address,
    async addAlias(alias, members) {
      for (const m of members) lines.push(`${address(m)} ${alias}`);
      // In place: each namespace's /etc/hosts is a bind mount of its file, which follows the inode.
      await Promise.all(Object.values(hosts).map((h) => writeFile(h.hostsFile, hostsText())));
    },
    async stop() {
      await Promise.all(Object.values(hosts).map((h) => h.stop()));
      await bridge.stop();
    },
  };
}

/** Programs started in a network's namespaces, each with its output kept for failure messages. */
export interface Processes {
  /** Starts `argv` in the namespace of `host`, with PATH and `env` only, in the work folder. */
  start(host: string, argv: readonly string[], env?: NodeJS.ProcessEnv): { output(): string };
  /** What the program started in `host` has printed so far (its first 400 kB: start-up lines first). */
  log(host: string): string;
  /** Waits until `url` answers 200 inside `host`; the failure carries what its program printed. */
  ready(host: string, url: string, timeoutMs?: number): Promise<void>;
}

export function processes(net: Network, cwd: string): Processes {
  const logs: Record<string, () => string> = {};
  return {
    start(host, argv, env = {}) {
      const c = net.hosts[host]!.spawn(argv[0]!, argv.slice(1), {
        env: { PATH: process.env.PATH, ...env },
        cwd,
      });
      let out = '';
      const keep = (d: Buffer) => {
        if (out.length < 400_000) out += d.toString();
      };
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      logs[host] = () => out;
      return { output: () => out };
    },
    log: (host) => logs[host]?.() ?? '',
    async ready(host, url, timeoutMs = 30_000) {
      await net.hosts[host]!.waitHttp(url, (s) => s === 200, timeoutMs).catch((e: Error) => {
        throw new Error(`${host}: ${e.message}\n${logs[host]?.() ?? ''}`);
      });
    },
  };
}
