/**
 * The soft limit on open files from /proc/self/limits (`Max open files  20000  20000  files`),
 * or `undefined` when it is unlimited or the line is missing.
 */
export function parseOpenFilesSoftLimit(text: string): number | undefined {
  const match = /^Max open files\s+(\S+)/m.exec(text);
  if (!match?.[1] || match[1] === 'unlimited') return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
