export { parseNotifyConfig } from './config.ts';
export { createNotifier, type Notifier, type NotifierOptions, type QueryFn } from './notifier.ts';
export type * from './types.ts';
