export { parseNotifyConfig } from './config/parseNotifyConfig.ts';
export { renderSlack, SLACK_LIMITS } from './integrations/slack/slackMessage.ts';
export {
  type SinkAnswer,
  type SinkRequest,
  SlackSink,
  slackPayloadToText,
} from './integrations/slack/slackSink.ts';
export { formatMatcher, matchAll, parseMatcher } from './matcher.ts';
export { createNotifier, type Notifier, type NotifierOptions, type QueryFn } from './notifier.ts';
export type * from './types.ts';
