import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseMountinfo } from '../../src/parsers/parseMountinfo.ts';
import { fixture } from '../helpers/sdk.ts';

const mounts = parseMountinfo(readFileSync(fixture('proc/self/mountinfo'), 'latin1'));

test('keeps real file systems and skips proc, sysfs, tmpfs, cgroup and squashfs mounts', () => {
  assert.deepEqual(
    mounts.map((m) => m.fsType),
    ['ext4', 'xfs'],
  );
});

test('counts a device once even when it is bind-mounted again, keeping its first mount', () => {
  const root = mounts.filter((m) => m.deviceId === '254:0');
  assert.deepEqual(root, [{ deviceId: '254:0', mountpoint: '/', fsType: 'ext4', device: '/dev/vda' }]);
});

test('decodes the octal escapes the kernel writes for spaces in mount points', () => {
  assert.equal(mounts[1]?.mountpoint, '/mnt/my data');
});

test('ignores lines without the separator instead of failing', () => {
  assert.deepEqual(parseMountinfo('garbage\n\n27 1 254:0 / / rw - ext4 /dev/vda rw\n').length, 1);
});

test('network mounts are skipped: statfs on a hung NFS server would block the app', () => {
  const text = [
    '27 1 254:0 / / rw - ext4 /dev/vda rw',
    '40 27 0:50 / /mnt/shared rw - nfs4 server:/export rw',
    '41 27 0:51 / /mnt/win rw - cifs //srv/share rw',
    '42 27 0:52 / /mnt/remote rw - fuse.sshfs me@host: rw',
  ].join('\n');
  assert.deepEqual(
    parseMountinfo(text).map((m) => m.mountpoint),
    ['/'],
  );
});
