const segmenter = new Intl.Segmenter('en-US', { granularity: 'word' });

/** cases.Title(language.AmericanEnglish, cases.NoLower): upper-cases the first letter of every word. */
export function goTitle(s: string): string {
  let out = '';
  for (const seg of segmenter.segment(s)) {
    if (!seg.isWordLike) {
      out += seg.segment;
      continue;
    }
    // x/text upper-cases the first cased letter of a word, so "1st" becomes "1St".
    const runes = [...seg.segment];
    const i = runes.findIndex((c) => c.toUpperCase() !== c.toLowerCase());
    if (i >= 0) {
      const up = runes[i]!.toUpperCase();
      if ([...up].length === 1) runes[i] = up;
    }
    out += runes.join('');
  }
  return out;
}
