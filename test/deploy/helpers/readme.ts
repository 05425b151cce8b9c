/** The README's "Run the stack" section as the commands a user types, continuation lines joined. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './run.ts';

/** The `sh` code blocks of the README section headed `heading`, each as a list of commands. */
export async function readmeCommands(heading: string): Promise<string[][]> {
  const text = await readFile(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`README.md: no section "## ${heading}"`);
  const end = text.indexOf('\n## ', start + 3);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]!
      .replace(/\\\n\s*/g, '')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

/** A command without its trailing `# comment`. */
export function withoutComment(cmd: string): string {
  return cmd.replace(/\s+#\s.*$/, '');
}
