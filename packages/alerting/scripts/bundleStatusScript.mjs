/**
 * Build step: bundles the status page's browser script (src/web/status/browser) into
 * dist/web/status/assets/status.js, with the same function the service uses from its sources.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleStatusScript, STATUS_SCRIPT_FILE } from '../dist/web/status/statusAssets.js';

mkdirSync(dirname(STATUS_SCRIPT_FILE), { recursive: true });
writeFileSync(STATUS_SCRIPT_FILE, bundleStatusScript());
