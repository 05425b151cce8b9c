/**
 * `npm test`'s first step: every system binary the tests run is there (installed with apt-get
 * when run as root on Debian/Ubuntu), or one line naming the install command and exit 1, in the
 * first seconds instead of after minutes of failing tests.
 */
import { preflight } from './binaries.ts';

const result = preflight();
if (result.installed.length) process.stdout.write(`preflight: installed ${result.installed.join(' ')}\n`);
if (!result.ok) {
  process.stderr.write(`${result.message}\n`);
  process.exit(1);
}
