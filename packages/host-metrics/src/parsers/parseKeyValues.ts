/**
 * Parses the kernel's "key value" files: /proc/meminfo (`MemTotal:   123 kB`), /proc/self/status
 * (`Threads:\t5`), cgroup cpu.stat and memory.stat (`usage_usec 123`). A `kB` suffix is turned
 * into bytes. Lines whose value is not a number are skipped.
 */
export function parseKeyValues(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w().]+):?\s+(\d+)(\s*kB)?\s*$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const value = Number(match[2]);
    values.set(match[1], match[3] ? value * 1024 : value);
  }
  return values;
}
