import { join } from 'node:path';
import type { FileSource } from '../fileSource.ts';
import { parseCgroupMembership } from './parseCgroupMembership.ts';

/** The directories holding this process's CPU and memory cgroup files. */
export type CgroupLocation =
  | { readonly version: 2; readonly dir: string }
  | {
      readonly version: 1;
      readonly cpuDir?: string;
      readonly cpuacctDir?: string;
      readonly memoryDir?: string;
    };

/**
 * The candidate directories for a cgroup path inside a hierarchy mounted at `mount`: the path
 * itself, then the mount's root. The second covers containers with a private cgroup namespace
 * mounted at the container's own cgroup while /proc/self/cgroup still names the host path
 * (Docker with cgroupns=host).
 */
function candidates(mount: string, path: string): string[] {
  return path === '/' ? [mount] : [join(mount, path), mount];
}

/**
 * Finds this process's cgroup: v2 when `cgroupRoot` is a unified hierarchy (it has
 * cgroup.controllers), else v1 hierarchies named after their controllers (`memory`, `cpu` or
 * `cpu,cpuacct`). Resolved once at start: a process does not move between cgroups in practice.
 * `undefined` (after one debug line) when there is no cgroup information at all.
 */
export function resolveCgroup(
  files: FileSource,
  procRoot: string,
  cgroupRoot: string,
): CgroupLocation | undefined {
  const membershipText = files.readText(join(procRoot, 'self/cgroup'));
  if (membershipText === undefined) return undefined;
  const membership = parseCgroupMembership(membershipText);

  if (files.exists(join(cgroupRoot, 'cgroup.controllers')) && membership.unified !== undefined) {
    // The root cgroup has no memory.max / cpu.max: there is nothing to limit it.
    const dir = candidates(cgroupRoot, membership.unified).find(
      (d) => files.exists(join(d, 'memory.max')) || files.exists(join(d, 'cpu.max')),
    );
    if (dir !== undefined) return { version: 2, dir };
    files.report(
      join(cgroupRoot, membership.unified),
      'no memory.max or cpu.max (root cgroup or controllers off)',
    );
    return undefined;
  }

  const v1Dir = (controller: string, file: string): string | undefined => {
    const entry = membership.v1.get(controller);
    if (!entry) return undefined;
    const mounts = [join(cgroupRoot, controller), join(cgroupRoot, entry.controllers)];
    return mounts.flatMap((m) => candidates(m, entry.path)).find((d) => files.exists(join(d, file)));
  };
  const cpuDir = v1Dir('cpu', 'cpu.cfs_quota_us');
  const cpuacctDir = v1Dir('cpuacct', 'cpuacct.usage');
  const memoryDir = v1Dir('memory', 'memory.limit_in_bytes');
  if (cpuDir === undefined && memoryDir === undefined) {
    files.report(cgroupRoot, 'no cgroup v2 or v1 cpu/memory hierarchy found');
    return undefined;
  }
  return {
    version: 1,
    ...(cpuDir && { cpuDir }),
    ...(cpuacctDir && { cpuacctDir }),
    ...(memoryDir && { memoryDir }),
  };
}
