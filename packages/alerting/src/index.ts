export { ConfigError, type ConfigIssue, formatIssue, type Locator } from '@golden-signals/config-issues';
export * from './alert.ts';
export { type RunningService, type RunOptions, runService } from './cli/run.ts';
export { type SilenceCommandOptions, silenceCommand } from './cli/silenceCli.ts';
export { type LoadedConfig, type LoadResult, loadConfig, loadSloFile } from './config/loadConfig.ts';
export type { AlertRecord } from './core/alertRecord.ts';
export { evaluateRule, type QueryOutcome, type RuleInput, type RuleOutput } from './core/evaluateRule.ts';
export type { HistoryEntry } from './core/history.ts';
export { fingerprint } from './core/identity.ts';
export {
  type CycleResult,
  createEngine,
  type Engine,
  type EngineOptions,
  type EngineSettings,
} from './engine/engine.ts';
export {
  createNotifier,
  type Notifier,
  type NotifierOptions,
  parseNotifyConfig,
  renderSlack,
  SLACK_LIMITS,
  SlackSink,
  slackPayloadToText,
} from './notify/index.ts';
export * from './prometheus/client.ts';
export { parseRuleFile } from './rules/parseRuleFile.ts';
export { createLogger, type Logger, silentLogger } from './shared/log.ts';
export { redact } from './shared/redact.ts';
export type { SloSpec } from './slo/parseSlos.ts';
export { sloAlertRule, sloRecordingRules, sloRuleFileYaml } from './slo/sloRules.ts';
export type * from './types.ts';
export { apiAlert, handleApi, startApiServer } from './web/apiServer.ts';
