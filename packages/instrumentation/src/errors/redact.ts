/**
 * What looks like personal data or a secret in an error message, and what replaces it. Order
 * matters: key=value secrets first (so the value goes whatever it looks like), then shapes.
 */
const RULES: ReadonlyArray<readonly [RegExp, string | ((...m: string[]) => string)]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // password=..., "token": "...", api_key: ..., secret ...: the key stays, the value goes.
  [
    /\b((?:pass(?:word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|auth(?:orization)?|session(?:id)?|cookie|credentials?)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    (_m: string, key: string) => `${key}[redacted]`,
  ],
  // URL credentials: scheme://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]*@/gi, '$1[redacted]@'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[jwt]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // Card and phone-like digit runs (with spaces or dashes), before the generic long-token rule.
  [/\+?\d[\d -]{7,}\d/g, '[number]'],
  // Long opaque tokens: API keys, hex secrets, base64 blobs (20+ characters with a digit).
  [/\b(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}\b/g, '[token]'],
];

/**
 * Masks emails, bearer and basic credentials, JWTs, `password=`/`token=`-style values, URL
 * credentials, long digit runs and long opaque tokens. Used on `/errors`, which shows exception
 * messages to whoever can reach the metrics port.
 */
export function redact(message: string): string {
  let out = message;
  for (const [re, to] of RULES) out = out.replace(re, to as string);
  return out;
}
