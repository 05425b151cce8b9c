/** Where to look once the demo is up, and how it ends: the first thing a newcomer reads. */
export interface BannerInput {
  readonly alertingUrl: string;
  readonly prometheusUrl: string;
  readonly shopUrl: string;
  readonly metricsPort: number;
  readonly realSlack: boolean;
  readonly once: boolean;
}

/** The lines printed once every part of the demo answers. */
export function bannerLines(b: BannerInput): string[] {
  const slack = b.realSlack
    ? 'your SLACK_WEBHOOK_URL'
    : 'rendered below (set SLACK_WEBHOOK_URL for a real channel)';
  return [
    '',
    `  Status page:  ${b.alertingUrl}/`,
    `  Prometheus:   ${b.prometheusUrl}`,
    `  Demo shop:    ${b.shopUrl}  (metrics on http://127.0.0.1:${b.metricsPort}/metrics)`,
    `  Slack:        ${slack}`,
    b.once
      ? '  Runs one incident (about two minutes) and exits; Ctrl-C stops it early.'
      : '  The incident takes about two minutes; Ctrl-C stops everything.',
    '',
  ];
}
