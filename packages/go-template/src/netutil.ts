import { isIP } from 'node:net';

/** Go's net.SplitHostPort; undefined where Go returns an error. */
export function splitHostPort(hostport: string): [string, string] | undefined {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return undefined;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return undefined;
    if (end + 1 === hostport.length || end + 1 !== i) return undefined;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return undefined;
  }
  if (hostport.slice(j).includes('[') || hostport.slice(k).includes(']')) return undefined;
  return [host, hostport.slice(i + 1)];
}

/** Go's net.JoinHostPort. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Whether Go's netip.ParseAddr accepts the text (IPv4 without leading zeros, IPv6 with optional zone). */
export function isNetipAddr(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct >= 0) return pct < s.length - 1 && s.includes(':') && isIP(s.slice(0, pct)) === 6;
  const kind = isIP(s);
  if (kind === 4) return !/(^|\.)0\d/.test(s);
  if (kind === 6) {
    const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
    return !v4 || !/(^|\.)0\d/.test(v4[1]!);
  }
  return false;
}

/** Prometheus' stripPort. */
export function stripPort(hostPort: string): string {
  return splitHostPort(hostPort)?.[0] ?? hostPort;
}

/** Prometheus' stripDomain: keeps the first label of a host name, and any port; leaves IPs alone. */
export function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const [host, port] = split ?? [hostPort, ''];
  if (isNetipAddr(host)) return hostPort;
  const first = host.split('.')[0]!;
  return port !== '' ? joinHostPort(first, port) : first;
}
