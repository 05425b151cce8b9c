/**
 * Webhook URLs carry their secret in the path (Slack: /services/T.../B.../token) or the query, and
 * sometimes in userinfo. Everything the pipeline logs, counts or shows names a target by
 * {@link redactUrl} only.
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
