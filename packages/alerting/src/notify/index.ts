export { parseNotifyConfig } from './config.ts';
export { formatMatcher, matchAll, parseMatcher } from './matcher.ts';
export { createNotifier, type Notifier, type NotifierOptions, type QueryFn } from './notifier.ts';
export { type SilenceCommandOptions, silenceCommand } from './silenceCli.ts';
export { renderSlack, SLACK_LIMITS } from './slack/slackMessage.ts';
export { type SinkAnswer, type SinkRequest, SlackSink, slackPayloadToText } from './slack/slackSink.ts';
export type * from './types.ts';
