/**
 * A secret from the environment, or from the file its `_FILE` twin names (the convention of
 * Docker secrets and of official images such as postgres' POSTGRES_PASSWORD_FILE), so a token
 * need not sit in the process environment.
 */
import { readFileSync } from 'node:fs';

/** The secret's value (trimmed), an error saying why the file could not be read, or neither when unset. */
export function envSecret(
  env: Record<string, string | undefined>,
  name: string,
): { value?: string; error?: string } {
  const file = env[`${name}_FILE`]?.trim();
  const direct = env[name]?.trim();
  if (file && direct) return { error: `set either ${name} or ${name}_FILE, not both` };
  if (!file) return direct ? { value: direct } : {};
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value ? { value } : { error: `${name}_FILE names an empty file: ${file}` };
  } catch (err) {
    return { error: `cannot read ${name}_FILE ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
