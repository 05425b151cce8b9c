// Deterministic mutations of valid expressions (drop, duplicate or swap in a
// token-ish character), to probe the parser off the beaten path.
const PIECES = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '"',
  '=~',
  '!',
  '@',
  ' offset ',
  ' bool ',
  '5m',
  '-',
  '^',
  ' by ',
  'x',
  '0',
];

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `perExpr` mutants of each expression. */
export function mutants(exprs: readonly string[], perExpr: number, seed = 13): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (const e of exprs) {
    for (let k = 0; k < perExpr; k++) {
      const at = Math.floor(r() * (e.length + 1));
      const kind = Math.floor(r() * 3);
      const piece = PIECES[Math.floor(r() * PIECES.length)] as string;
      if (kind === 0) out.push(e.slice(0, at) + e.slice(at + 1));
      else if (kind === 1) out.push(e.slice(0, at) + piece + e.slice(at));
      else out.push(e.slice(0, at) + piece + e.slice(at + 1));
    }
  }
  return out;
}
