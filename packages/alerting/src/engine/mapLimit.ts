/**
 * Runs `fn` over `items` with at most `limit` in flight: bounded query concurrency, so 1,000 rules
 * do not open 1,000 connections to Prometheus (which itself runs 20 queries at once by default,
 * `--query.max-concurrency`).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
