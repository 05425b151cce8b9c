/**
 * Debian's Chromium driven by playwright-core, for the status-page tests. The flags keep it off
 * the network (this machine's closed network refuses Chromium's background connections) and
 * headless as root.
 */
import { type Browser, chromium } from 'playwright-core';
import { binary } from '../../../../test/kit/binaries.ts';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium (CHROMIUM_BIN or PATH) with the flags above, then `extraArgs`. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: binary('chromium'), args: [...ARGS, ...extraArgs] });
}
