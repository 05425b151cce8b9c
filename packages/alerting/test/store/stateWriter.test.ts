/**
 * The state is saved by writing what changed (a journal line per cycle, folded into a snapshot
 * as it grows) and restored to exactly what was saved, in linear time; a torn last journal line
 * (a crash mid-write) drops that save only.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AlertRecord } from '../../src/core/alertRecord.ts';
import { journalFile, loadState, stateFile } from '../../src/store/stateStore.ts';
import { createStateWriter } from '../../src/store/stateWriter.ts';

function record(i: number, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    fingerprint: `fp${i}`,
    ruleKey: 'g/R#0',
    labels: { alertname: 'R', instance: `host-${i}` },
    annotations: { summary: `host-${i} is down` },
    state: 'firing',
    severity: 'warning',
    reasons: [],
    value: 1,
    activeAt: 1000,
    firedAt: 2000,
    lastBreachAt: 2000,
    flips: [2000],
    flapping: false,
    ...over,
  };
}

const sorted = (rs: readonly AlertRecord[]) =>
  [...rs].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));

test('a cycle that changes a few of 50k records appends only those, and restore gives the saved state', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-writer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const w = createStateWriter(dir);
  let alerts = Array.from({ length: 50_000 }, (_, i) => record(i));
  assert.equal((await w.save({ alerts, history: [] })).kind, 'snapshot');
  const snapshotSize = (await stat(stateFile(dir))).size;
  // Values move every cycle: not a lasting change, nothing written.
  alerts = alerts.map((r) => ({ ...r, value: 2 }));
  assert.deepEqual(await w.save({ alerts, history: [] }), { kind: 'nothing', records: 0 });
  // Three records resolve, one disappears.
  alerts = alerts
    .map((r, i) => (i < 3 ? { ...r, state: 'resolved' as const, resolvedAt: 3000 } : r))
    .slice(0, -1);
  const saved = await w.save({ alerts, history: [] });
  assert.deepEqual(saved, { kind: 'journal', records: 4 });
  assert.ok(
    (await stat(journalFile(dir))).size < snapshotSize / 100,
    'the journal line holds only the change',
  );
  const loaded = await loadState(dir);
  assert.equal(loaded.state.alerts.length, 49_999);
  assert.deepEqual(
    sorted(loaded.state.alerts)
      .filter((r) => r.state === 'resolved')
      .map((r) => r.fingerprint),
    ['fp0', 'fp1', 'fp2'],
  );
});

test('a torn last journal line drops only that save', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-writer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const w = createStateWriter(dir);
  await w.save({ alerts: [record(1)], history: [] });
  await w.save({ alerts: [record(1), record(2)], history: [] });
  const line = (await readFile(journalFile(dir), 'utf8')).trim();
  await appendFile(journalFile(dir), line.slice(0, line.length / 2)); // a crash mid-append
  const loaded = await loadState(dir);
  assert.equal(loaded.tornJournal, true);
  assert.deepEqual(loaded.state.alerts.map((r) => r.fingerprint).sort(), ['fp1', 'fp2']);
});

test('a restarted writer continues the sequence: journal lines before the new snapshot are not replayed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-writer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const w = createStateWriter(dir);
  await w.save({ alerts: [record(1)], history: [] });
  await w.save({ alerts: [record(1), record(2)], history: [] });
  const restored = await loadState(dir);
  const w2 = createStateWriter(dir, restored.state.seq ?? 0);
  await w2.save({ alerts: [record(3)], history: [] });
  const loaded = await loadState(dir);
  assert.deepEqual(
    loaded.state.alerts.map((r) => r.fingerprint),
    ['fp3'],
  );
});
