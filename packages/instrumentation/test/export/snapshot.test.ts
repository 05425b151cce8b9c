import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { renderSnapshot } from '../../src/export/snapshot.ts';
import { Registry } from '../../src/registry/registry.ts';

function registry(series: number): Registry {
  const reg = new Registry({ cardinalityLimit: series + 10 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  for (let i = 0; i < series; i++) h.observe(h.seriesFor(['GET', `/r/${i}`, '200', 'é']), 0.1);
  return reg;
}

const render = (reg: Registry) => reg.read((xs) => renderSnapshot(xs, 'svc'));
const memory = (b: Buffer) => b.buffer;

describe('snapshots', () => {
  it('reuse the buffers of a snapshot nobody reads any more, and never those of one still read', async () => {
    const reg = registry(1000);
    const first = await render(reg);
    first.retain();
    const whileRead = await render(reg);
    assert.ok(
      whileRead.chunks.every((c) => !first.chunks.some((f) => memory(f) === memory(c))),
      'a snapshot still read keeps its buffers',
    );
    const text = Buffer.concat(first.chunks).toString();
    first.release();
    const next = await render(reg);
    assert.ok(
      next.chunks.some((c) => first.chunks.some((f) => memory(f) === memory(c))),
      "a released snapshot's buffers are written again",
    );
    assert.equal(Buffer.concat(next.chunks).toString(), text, 'and the text is the same');
  });

  it('cuts text into buffers without splitting a character, and gzips it to the same text', async () => {
    const snap = await render(registry(3000));
    assert.ok(snap.chunks.length > 1, 'more than one buffer');
    const text = Buffer.concat(snap.chunks).toString();
    assert.equal(Buffer.byteLength(text), snap.bytes);
    for (const c of snap.chunks) assert.equal(Buffer.from(c.toString()).length, c.length, 'whole characters');
    assert.equal(gunzipSync(await snap.gzip()).toString(), text);
  });
});
