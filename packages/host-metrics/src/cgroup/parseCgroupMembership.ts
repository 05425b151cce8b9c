/** Where this process sits in each cgroup hierarchy, from /proc/self/cgroup. */
export interface CgroupMembership {
  /** Path in the unified (v2) hierarchy, from the `0::/path` line. */
  readonly unified?: string;
  /** v1 controller name -> the hierarchy's controller list (`cpu,cpuacct`) and the path in it. */
  readonly v1: ReadonlyMap<string, { readonly controllers: string; readonly path: string }>;
}

/** Parses /proc/self/cgroup (`hierarchy-id:controllers:path` per line, cgroups(7)). */
export function parseCgroupMembership(text: string): CgroupMembership {
  let unified: string | undefined;
  const v1 = new Map<string, { controllers: string; path: string }>();
  for (const line of text.split('\n')) {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, id, controllers = '', path = '/'] = match;
    if (id === '0' && controllers === '') {
      unified = path;
      continue;
    }
    for (const controller of controllers.split(',')) {
      if (controller) v1.set(controller, { controllers, path });
    }
  }
  return unified === undefined ? { v1 } : { unified, v1 };
}
