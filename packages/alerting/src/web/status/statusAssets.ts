/**
 * The page's static files: its own HTML, CSS and script (kept in .ts modules so `tsc` ships them
 * in dist/ without a copy step) and uPlot's browser build, read once from node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PAGE_HTML } from './assets/pageHtml.ts';
import { PAGE_SCRIPT } from './assets/pageScript.ts';
import { PAGE_STYLE } from './assets/pageStyle.ts';

/** One servable file. */
export interface Asset {
  readonly type: string;
  readonly body: string | Buffer;
}

const require = createRequire(import.meta.url);
const uplot = new Map<string, Asset>();

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
      return { type: 'text/javascript; charset=utf-8', body: PAGE_SCRIPT };
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
