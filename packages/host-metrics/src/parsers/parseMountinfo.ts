/** One mount from /proc/self/mountinfo. */
export interface Mount {
  /** `major:minor` of the device: mounts sharing it share one file system. */
  readonly deviceId: string;
  readonly mountpoint: string;
  readonly fsType: string;
  /** The mount source, e.g. `/dev/vda`. */
  readonly device: string;
}

/**
 * Network file systems: statfs on them is a synchronous round trip to a server, on the app's main
 * thread, and blocks the event loop for as long as that server hangs. Their capacity is the
 * server's to watch, not this process's.
 */
const NETWORK_FS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ceph',
  'glusterfs',
  '9p',
  'afs',
  'lustre',
  'gpfs',
]);

function isNetworkFs(fsType: string): boolean {
  return NETWORK_FS.has(fsType) || fsType.startsWith('fuse.sshfs') || fsType.startsWith('fuse.s3fs');
}

/**
 * File systems that hold no user data or whose usage means nothing for saturation: kernel
 * interfaces, memory-backed ones (tmpfs counts against memory, which is measured already) and
 * read-only images that are always 100% full (squashfs, iso9660).
 */
const PSEUDO_FS = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'selinuxfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
  'fuse.lxcfs',
  'fuse.gvfsd-fuse',
  'overlay.ro',
]);

/** Octal escapes the kernel uses in mountinfo paths (`\040` is a space). */
function unescapeOctal(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses /proc/self/mountinfo (proc(5)) into the real mounts worth reporting: pseudo file systems
 * are skipped, and of several mounts of one device (bind mounts, Docker's /etc/hosts) only the first
 * is kept, so a disk is counted once.
 */
export function parseMountinfo(text: string): Mount[] {
  const seen = new Set<string>();
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const [fsType, source] = line.slice(dash + 3).split(' ');
    const deviceId = left[2];
    const mountpoint = left[4];
    if (
      !deviceId ||
      !mountpoint ||
      !fsType ||
      PSEUDO_FS.has(fsType) ||
      isNetworkFs(fsType) ||
      seen.has(deviceId)
    )
      continue;
    seen.add(deviceId);
    mounts.push({
      deviceId,
      mountpoint: unescapeOctal(mountpoint),
      fsType,
      device: unescapeOctal(source ?? ''),
    });
  }
  return mounts;
}
