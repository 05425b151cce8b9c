/**
 * The one redaction module. Logs: {@link redact} and {@link redactText} hide secret keys and
 * secret-looking text in every line. Targets: webhook URLs carry their secret in the path (Slack:
 * /services/T.../B.../token) or the query, and sometimes in userinfo; everything the pipeline
 * logs, counts or shows names a target by {@link redactUrl} only.
 */

/** `https://hooks.example/services/T0/B0/xyz` -> `https://hooks.example/<redacted>`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/<redacted>`;
  } catch {
    return '<redacted url>';
  }
}

/**
 * `https://user:token@prom.example/api` -> `https://prom.example/api`: a URL that is shown (an
 * alert label, a link in Slack) keeps its host and path but never its credentials.
 */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url;
  }
}

/** Replaces every occurrence of each secret in `text` (error messages that echo a URL). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    out = out.split(s).join(redactUrl(s));
    // Also the path alone: fetch errors sometimes quote only the pathname.
    try {
      const { pathname, search } = new URL(s);
      const tail = `${pathname}${search}`;
      if (tail.length > 8) out = out.split(tail).join('/<redacted>');
    } catch {
      // Not a URL: the plain replacement above is all we can do.
    }
  }
  return out;
}

/** Keys whose values are always secret, whatever they hold. */
const SECRET_KEY = /(secret|token|password|passwd|authorization|api[_-]?key|webhook|cookie|credential)/i;
/** Secret-looking pieces inside free text: Slack webhooks, bearer tokens, userinfo in URLs, xox tokens. */
const SECRET_TEXT: RegExp[] = [
  /https?:\/\/hooks\.slack\.com\/[^\s"']+/gi,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g,
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /(?<=:\/\/)[^/\s:@]+:[^/\s@]+(?=@)/g,
];

/** Replaces secret-looking substrings of `text` with `<redacted>`. */
export function redactText(text: string): string {
  let out = text;
  for (const re of SECRET_TEXT) out = out.replace(re, '<redacted>');
  return out;
}

/** Returns a copy of `value` with secret keys and secret-looking strings redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? '<redacted>' : redact(v, depth + 1);
  return out;
}
