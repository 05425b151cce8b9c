import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One message on the group socket: a JSON object with a type `t`. */
export type Message = { t: string; [k: string]: unknown };

/**
 * The group socket of a metrics port. On Linux an abstract socket: it lives exactly as long as its
 * owner (no file to clean up) and is scoped to the network namespace, like the TCP port itself,
 * so the containers of one pod share it and other hosts' never meet.
 */
export function groupSocketPath(port: number): string {
  return process.platform === 'linux'
    ? `\0golden-signals-metrics-${port}`
    : join(tmpdir(), `golden-signals-metrics-${port}.sock`);
}

/** Writes one message as a line (JSON never contains a raw newline). */
export function send(sock: Socket, msg: Message): void {
  if (!sock.destroyed) sock.write(`${JSON.stringify(msg)}\n`);
}

/**
 * Calls `on` with every whole message read from the socket; malformed lines are dropped. Bytes
 * are kept as the socket's own buffers until a newline ends the line, then decoded once: a
 * member's answer spans several reads, and appending each read to a string (then searching it)
 * copied the whole line again at every read.
 */
export function lineReader(sock: Socket, on: (msg: Message) => void): void {
  let parts: Buffer[] = [];
  sock.on('data', (chunk: Buffer) => {
    let start = 0;
    let nl = chunk.indexOf(NEWLINE);
    while (nl >= 0) {
      const tail = chunk.subarray(start, nl);
      const line =
        parts.length === 0 ? tail.toString('utf8') : Buffer.concat([...parts, tail]).toString('utf8');
      parts = [];
      start = nl + 1;
      nl = chunk.indexOf(NEWLINE, start);
      try {
        const msg = JSON.parse(line) as Message;
        if (msg && typeof msg.t === 'string') on(msg);
      } catch {
        // Not ours: the group socket only ever carries our own lines.
      }
    }
    if (start < chunk.length) parts.push(start === 0 ? chunk : chunk.subarray(start));
  });
}

const NEWLINE = 0x0a;
