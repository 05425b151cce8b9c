export { formatMatcher, formatMatchers } from './format.ts';
export { goQuote, goUnquote } from './goString.ts';
export { type InhibitAlert, type InhibitRule, inhibitedBy, readInhibitRules } from './inhibit.ts';
export { IssueList, LABEL_NAME, type Path, parseDuration, type RoutingIssue } from './issues.ts';
export {
  compareMatchers,
  compileAnchored,
  type LabelSet,
  type Matcher,
  MatcherError,
  type MatchType,
  matchesAll,
  matchesLabels,
  matchesValue,
  newMatcher,
  OPS,
} from './matcher.ts';
export { parseClassicMatcher, parseClassicMatchers } from './parseClassic.ts';
export {
  type ParseNote,
  type ParserMode,
  parseMatcher,
  parseMatcherList,
  parseMatchers,
  parseMatchersWithNote,
} from './parseMatchers.ts';
export { parseUtf8Matchers } from './parseUtf8.ts';
export {
  groupLabels,
  matchRoutes,
  type ReadRouteOptions,
  ROUTE_DEFAULTS,
  type Route,
  readRoute,
  validLabelName,
} from './route.ts';
export { parseRoutingConfig, type RoutingConfig, type RoutingConfigOptions } from './routingConfig.ts';
export { matchesEmpty, type SilenceDraft, type SilenceRules, validateSilence } from './silence.ts';
