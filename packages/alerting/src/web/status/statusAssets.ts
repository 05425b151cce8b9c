/**
 * The page's static files: its own HTML and CSS (kept in .ts modules so `tsc` ships them in dist/
 * without a copy step), its script (browser/*.ts, bundled into assets/status.js at build time)
 * and uPlot's browser build, read once from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PAGE_HTML } from './assets/pageHtml.ts';
import { PAGE_STYLE } from './assets/pageStyle.ts';

/** One servable file. */
export interface Asset {
  readonly type: string;
  readonly body: string | Buffer;
}

const require = createRequire(import.meta.url);
const uplot = new Map<string, Asset>();
let script: Asset | undefined;

/** Where the build writes the bundle (next to this module in dist/). */
export const STATUS_SCRIPT_FILE = fileURLToPath(new URL('./assets/status.js', import.meta.url));
/** The browser script's entry; src/ and dist/ sit at the same depth, so this resolves from both. */
const ENTRY = fileURLToPath(new URL('../../../src/web/status/browser/statusPage.ts', import.meta.url));

/**
 * Bundles the browser script with esbuild (a devDependency: called by the build, and when the
 * service runs from its sources, as the tests do). An installed package has the built file.
 */
export function bundleStatusScript(): string {
  const esbuild = require('esbuild') as {
    buildSync(o: object): { outputFiles: Array<{ text: string }> };
  };
  const out = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
  });
  return out.outputFiles[0]?.text ?? '';
}

function pageScript(): Asset {
  script ??= {
    type: 'text/javascript; charset=utf-8',
    body: existsSync(STATUS_SCRIPT_FILE) ? readFileSync(STATUS_SCRIPT_FILE, 'utf8') : bundleStatusScript(),
  };
  return script;
}

function fromUplot(file: string, type: string): Asset {
  let a = uplot.get(file);
  if (!a) {
    a = { type, body: readFileSync(require.resolve(`uplot/dist/${file}`)) };
    uplot.set(file, a);
  }
  return a;
}

/** The asset served at `path`, or undefined. */
export function assetFor(path: string): Asset | undefined {
  switch (path) {
    case '/':
    case '/status':
      return { type: 'text/html; charset=utf-8', body: PAGE_HTML };
    case '/status/assets/status.js':
      return pageScript();
    case '/status/assets/status.css':
      return { type: 'text/css; charset=utf-8', body: PAGE_STYLE };
    case '/status/assets/uPlot.iife.min.js':
      return fromUplot('uPlot.iife.min.js', 'text/javascript; charset=utf-8');
    case '/status/assets/uPlot.min.css':
      return fromUplot('uPlot.min.css', 'text/css; charset=utf-8');
    default:
      return undefined;
  }
}
