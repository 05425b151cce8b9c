import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { alertmanagerDir, askOracle } from '../../../../alert-routing/test/oracle.ts';
import { parseNotifyConfig } from '../../../src/notify/config/parseNotifyConfig.ts';
import { noLocation } from '../helpers/notifierHarness.ts';

/** Alertmanager errors about routing, inhibition or time intervals (what we claim), not integrations. */
const ROUTING_ERROR =
  /route|group_by|group_interval|repeat_interval|matcher|label name|regexp|time interval|inhibit|equal list|wildcard|location|weekday|time range|month|year/i;

/**
 * The parts of an Alertmanager config the service reads as Alertmanager does: route,
 * inhibit_rules and time intervals. Receivers keep only their names (their integrations,
 * slack_configs and the like, have the service's own shape).
 */
function routingPart(doc: Record<string, unknown>): Record<string, unknown> {
  const receivers = Array.isArray(doc.receivers)
    ? doc.receivers.map((r) => ({ name: (r as { name?: unknown }).name }))
    : undefined;
  const out: Record<string, unknown> = {};
  for (const k of ['route', 'inhibit_rules', 'time_intervals', 'mute_time_intervals'])
    if (doc[k] !== undefined) out[k] = doc[k];
  return receivers ? { ...out, receivers } : out;
}

describe("Alertmanager's config/testdata through the service's config reader", () => {
  const dir = join(alertmanagerDir(), 'config/testdata');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort();
  const answers = askOracle(files.map((f) => ({ op: 'load', path: join(dir, f) })));

  it('loads every file Alertmanager loads and rejects each routing error Alertmanager reports', () => {
    const wrong: string[] = [];
    let loaded = 0;
    let rejected = 0;
    files.forEach((f, i) => {
      const amError = answers[i]?.error ?? null;
      const doc = parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown> | null;
      const { issues } = parseNotifyConfig(routingPart(doc ?? {}), noLocation);
      const ours = issues.map((x) => `${x.field}: ${x.message}`).join('; ');
      if (amError === null) {
        if (ours) wrong.push(`${f}: Alertmanager loads it, we say ${ours}`);
        else loaded++;
      } else if (ROUTING_ERROR.test(amError)) {
        if (!ours) wrong.push(`${f}: Alertmanager says ${amError}, we accept it`);
        else rejected++;
      }
    });
    console.log(
      `# config/testdata through parseNotifyConfig: ${files.length} files, ${loaded} loaded as Alertmanager loads them, ` +
        `${rejected} routing errors rejected as Alertmanager rejects them`,
    );
    assert.deepEqual(wrong, []);
  });
});
