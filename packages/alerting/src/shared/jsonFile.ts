import { readFile, rename } from 'node:fs/promises';

/** What {@link loadJsonFile} found. */
export interface LoadedJson<T> {
  /** The parsed value; undefined when the file does not exist or was set aside. */
  readonly value?: T;
  /** Set when the file was unreadable: where it was moved and why. */
  readonly corrupt?: { readonly movedTo: string; readonly reason: string };
}

/**
 * Reads a JSON state file written by {@link writeFileAtomic}. A missing file is no value; a file
 * that does not parse, or that `check` rejects (by throwing), is renamed to
 * `<path>.corrupt-<time>` so it can be inspected, and reported rather than thrown: a damaged
 * state file must never stop the service from starting.
 */
export async function loadJsonFile<T>(path: string, check: (data: unknown) => T): Promise<LoadedJson<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    return { value: check(JSON.parse(text)) };
  } catch (err) {
    const movedTo = `${path}.corrupt-${Date.now()}`;
    await rename(path, movedTo).catch(() => {});
    return { corrupt: { movedTo, reason: (err as Error).message } };
  }
}
