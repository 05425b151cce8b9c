/**
 * A DNS server for one test namespace, as compose's embedded one (127.0.0.11) is for a container:
 * it answers A queries from a hosts file, every address a name has (a scaled service), and
 * NXDOMAIN for the rest. Programs that ask DNS themselves and never read /etc/hosts (Prometheus'
 * dns_sd_configs) need it. Run inside the namespace: `node dnsServer.ts HOSTS_FILE`; prints
 * "ready" once it listens on 127.0.0.11:53.
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

const addresses = new Map<string, number[][]>();
for (const line of readFileSync(process.argv[2]!, 'utf8').split('\n')) {
  const [ip, ...names] = line.trim().split(/\s+/);
  if (!ip || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) continue;
  for (const n of names)
    addresses.set(n.toLowerCase(), [...(addresses.get(n.toLowerCase()) ?? []), ip.split('.').map(Number)]);
}

/** The question's name, and where the question (name, type, class) ends. */
function question(q: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let i = 12;
  while (q[i]! > 0) {
    labels.push(q.subarray(i + 1, i + 1 + q[i]!).toString('latin1'));
    i += q[i]! + 1;
  }
  return { name: labels.join('.').toLowerCase(), type: q.readUInt16BE(i + 1), end: i + 5 };
}

function answer(q: Buffer): Buffer {
  const { name, type, end } = question(q);
  const ips = addresses.get(name);
  const records = type === 1 ? (ips ?? []) : [];
  const head = Buffer.alloc(12);
  q.copy(head, 0, 0, 2); // the query's id
  // A response, recursion desired and available; NXDOMAIN for a name the file does not have.
  head.writeUInt16BE(0x8180 | (q.readUInt16BE(2) & 0x0100) | (ips ? 0 : 3), 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt16BE(records.length, 6);
  const rrs = records.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    rr.writeUInt16BE(1, 2); // A
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(5, 6); // TTL
    rr.writeUInt16BE(4, 10);
    Buffer.from(ip).copy(rr, 12);
    return rr;
  });
  return Buffer.concat([head, q.subarray(12, end), ...rrs]);
}

const socket = createSocket('udp4');
socket.on('message', (q, from) => {
  try {
    socket.send(answer(q), from.port, from.address);
  } catch {
    // A malformed query gets no answer, as from a real server.
  }
});
socket.bind(53, '127.0.0.11', () => console.log('ready'));
