import { ConfigError, type ConfigIssue, formatIssue } from '@golden-signals/config-issues';

/** One problem in a funnel spec: `file:line:column: field: message`, as for the alerting files. */
export type SpecIssue = ConfigIssue;

/** Thrown when a funnel spec does not validate; carries every issue found. */
export class FunnelSpecError extends ConfigError {
  constructor(issues: readonly SpecIssue[]) {
    super(issues);
    this.name = 'FunnelSpecError';
  }
}

/** `file:line:column: field: message`, or `file: field: message` when the line is unknown. */
export const formatSpecIssue = formatIssue;
