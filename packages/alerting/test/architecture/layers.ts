/**
 * The alerting sources' layers and which may import which: the README's diagram and the
 * import-direction test both read this table. A layer is a top-level folder of src/ (or one of the
 * root files); an import inside one layer is always allowed.
 */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  /** Alert, AlertEvent, AlertSink, Labels, severities and the one severityRank. */
  alert: [],
  /** The rule model (AlertingRule, SeveritySpec...): plain types. */
  types: ['alert'],
  /** Redaction, durations, atomic files, clocks, the YAML checker, metric text, the JSON responder. */
  shared: ['alert'],
  prometheus: ['shared'],
  core: ['alert', 'types', 'shared', 'prometheus'],
  store: ['alert', 'types', 'shared', 'core'],
  rules: ['alert', 'types', 'shared', 'core'],
  slo: ['alert', 'types', 'shared', 'rules'],
  notify: ['alert', 'shared'],
  config: ['alert', 'types', 'shared', 'rules', 'slo', 'notify'],
  engine: ['alert', 'types', 'shared', 'core', 'store', 'prometheus', 'config'],
  web: ['alert', 'types', 'shared', 'core', 'engine', 'notify', 'prometheus'],
  cli: ['alert', 'types', 'shared', 'config', 'slo', 'engine', 'notify', 'prometheus', 'web'],
  /** The package's entry points: index.ts (the API) and cli.ts (the binary). */
  index: ['*'],
};
