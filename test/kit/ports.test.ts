import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freePort } from './ports.ts';

describe('freePort', () => {
  it('hands out distinct ports, each bindable, below the ephemeral range outgoing connections use', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    assert.equal(new Set(ports).size, ports.length, 'no port twice');
    for (const p of ports) assert.ok(p >= 1024 && p < low, `${p} is below ${low}`);
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(ports[0], '127.0.0.1', r));
    await new Promise<void>((r) => srv.close(() => r()));
  });
});
