/**
 * The one Prometheus text-format renderer for the service's own metrics (the engine's and the
 * notification pipeline's /metrics series). A handful of series rendered on scrape needs no
 * client library; the instrumentation package keeps its own hot-path serializer.
 */

/** One sample of a family: optional name suffix (`_bucket`, `_sum`), labels in order, value. */
export interface TextSample {
  readonly suffix?: string;
  readonly labels?: ReadonlyArray<readonly [name: string, value: string]>;
  readonly value: number;
}

/** Escapes a label value as the text format requires (backslash, newline, double quote). */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `# HELP`, `# TYPE` and one line per sample, each line ending in a newline. */
export function renderFamily(
  name: string,
  type: string,
  help: string,
  samples: readonly TextSample[],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
  for (const s of samples) {
    const labels = s.labels?.length
      ? `{${s.labels.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`
      : '';
    lines.push(`${name}${s.suffix ?? ''}${labels} ${s.value}`);
  }
  return `${lines.join('\n')}\n`;
}
