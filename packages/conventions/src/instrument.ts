import { type InstrumentKind, labelName, prometheusName } from './prometheusName.ts';

/** One metric as golden-signals defines it: the OTel side and the Prometheus side in one place. */
export interface InstrumentSpec {
  /** OpenTelemetry instrument name, e.g. `http.server.request.duration`. */
  readonly name: string;
  /** UCUM unit, e.g. `s`, `By`, `1`, `{request}`. */
  readonly unit: string;
  readonly kind: InstrumentKind;
  readonly description: string;
  /** Attribute keys as recorded (OTel side). */
  readonly attributes: readonly string[];
  /** Prometheus family name (histograms add `_bucket`, `_sum`, `_count`). */
  readonly prometheus: string;
  /** Label names as they appear in Prometheus (attributes plus `service_name`). */
  readonly labels: readonly string[];
  /** Bucket boundaries, for histograms. */
  readonly buckets?: readonly number[];
}

/** The label every series carries, copied from the resource's `service.name`. */
export const SERVICE_NAME_LABEL = 'service_name';

/** Declares an instrument and derives its Prometheus names from the OTel ones. */
export function instrument(
  spec: Omit<InstrumentSpec, 'prometheus' | 'labels'> & { prometheus?: string },
): InstrumentSpec {
  return {
    ...spec,
    prometheus: spec.prometheus ?? prometheusName(spec.name, spec.unit, spec.kind),
    labels: [SERVICE_NAME_LABEL, ...spec.attributes.map(labelName)],
  };
}
