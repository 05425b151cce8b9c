/**
 * A real Prometheus holding the last `minutes` of a shop's golden signals, written with
 * `promtool tsdb create-blocks-from openmetrics` (Prometheus' own backfill) before it starts, so
 * a test has 20 minutes of history at once instead of waiting for scrapes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type RunningPrometheus, startPrometheus } from './prometheus.ts';

const run = promisify(execFile);

/** One series: its labels and its value at minute `m` (0 = oldest) of the history. */
export interface BackfillSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly at: (minute: number) => number;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** OpenMetrics text, one sample every 15 s, ending `endMs`; every family typed gauge (rate() reads any). */
export function openMetrics(series: readonly BackfillSeries[], minutes: number, endMs: number): string {
  const byName = new Map<string, BackfillSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  const startS = Math.floor(endMs / 1000) - minutes * 60;
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of list)
      for (let t = 0; t <= minutes * 60; t += 15)
        lines.push(`${name}${labelText(s.labels)} ${s.at(t / 60)} ${startS + t}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** A running backfilled Prometheus; `stop` removes everything. */
export async function startBackfilledPrometheus(
  series: readonly BackfillSeries[],
  minutes = 20,
): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-backfill-'));
  try {
    const input = join(dir, 'history.om');
    await writeFile(input, openMetrics(series, minutes, Date.now()));
    const data = join(dir, 'data');
    await run(process.env.PROMTOOL_BIN ?? 'promtool', [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      input,
      data,
    ]);
    const prom = await startPrometheus({ dataDir: data, interval: '15s' });
    return {
      ...prom,
      async stop() {
        await prom.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
