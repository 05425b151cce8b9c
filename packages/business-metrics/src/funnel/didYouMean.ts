/**
 * The candidate closest to `word` within two edits (Levenshtein), for "did you mean" hints on
 * typos like `add_too_cart` or `funels`; undefined when nothing is that close.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** `; did you mean 'x'?` or '' — ready to append to a message. */
export function hint(word: string, candidates: Iterable<string>): string {
  const m = didYouMean(word, candidates);
  return m ? `; did you mean '${m}'?` : '';
}
