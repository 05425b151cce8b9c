import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseMeminfo } from '../../src/collectors/readSystem.ts';
import { parseKeyValues } from '../../src/parsers/parseKeyValues.ts';
import { parseOpenFilesSoftLimit } from '../../src/parsers/parseLimits.ts';
import { parseLoadavg } from '../../src/parsers/parseLoadavg.ts';
import { parseNetDev } from '../../src/parsers/parseNetDev.ts';
import { parseProcStat } from '../../src/parsers/parseProcStat.ts';
import { fixture } from '../helpers/sdk.ts';

const read = (path: string): string => readFileSync(fixture(path), 'latin1');

test('meminfo values in kB become bytes and used memory is total minus available', () => {
  const mem = parseMeminfo(read('proc/meminfo'));
  assert.equal(mem?.total, 8 * 1024 ** 3);
  assert.equal(mem?.available, 6 * 1024 ** 3);
  assert.equal(parseMeminfo('MemTotal: 100 kB\n'), undefined, 'no MemAvailable means no estimate');
});

test('status gives the thread count and cgroup stat files parse without a colon', () => {
  assert.equal(parseKeyValues(read('proc/self/status')).get('Threads'), 11);
  assert.equal(parseKeyValues('usage_usec 7500000\nnr_throttled 30\n').get('usage_usec'), 7500000);
});

test('loadavg gives three averages and rejects text that is not a load average', () => {
  assert.deepEqual(parseLoadavg(read('proc/loadavg')), { m1: 1.5, m5: 0.75, m15: 0.25 });
  assert.equal(parseLoadavg('not a load'), undefined);
});

test('the aggregate cpu line of /proc/stat becomes seconds per mode', () => {
  const cpu = parseProcStat(read('proc/stat'));
  assert.equal(cpu?.user, 100);
  assert.equal(cpu?.idle, 500);
  assert.equal(cpu?.steal, 0);
  assert.equal(parseProcStat('intr 1 2 3'), undefined);
});

test('the soft open-files limit is read, and unlimited means no limit', () => {
  assert.equal(parseOpenFilesSoftLimit(read('proc/self/limits')), 1024);
  assert.equal(parseOpenFilesSoftLimit('Max open files  unlimited  unlimited  files\n'), undefined);
});

test('network counters skip loopback and map receive and transmit columns', () => {
  assert.deepEqual(parseNetDev(read('proc/net/dev')), [
    {
      name: 'eth0',
      rxBytes: 404926397,
      rxErrors: 3,
      rxDropped: 4,
      txBytes: 639040,
      txErrors: 5,
      txDropped: 6,
    },
  ]);
});
