/** The CPU modes of the aggregate `cpu` line of /proc/stat, in the kernel's column order. */
export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/** Host CPU seconds by mode, all CPUs summed. */
export type CpuTimes = Readonly<Record<(typeof CPU_MODES)[number], number>>;

/**
 * Parses the first line of /proc/stat. Values are in USER_HZ ticks, which is 100 per second on
 * every Linux architecture the kernel exposes to user space (sysconf(_SC_CLK_TCK)).
 */
export function parseProcStat(text: string, ticksPerSecond = 100): CpuTimes | undefined {
  const line = text.split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 9) return undefined;
  const entries = CPU_MODES.map((mode, i) => [mode, Number(fields[i + 1]) / ticksPerSecond] as const);
  if (!entries.every(([, v]) => Number.isFinite(v) && v >= 0)) return undefined;
  return Object.fromEntries(entries) as CpuTimes;
}
