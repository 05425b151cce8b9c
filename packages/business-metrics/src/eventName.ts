/**
 * What an event name may look like: snake_case, starting with a letter, at most 64 characters.
 * Names become label values that people type into PromQL and funnel specs, so they stay plain.
 */
export const EVENT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** The events the typed helpers record, in funnel order, plus signup. */
export const STANDARD_EVENTS = {
  PAGE_VIEW: 'page_view',
  SIGNUP: 'signup',
  ADD_TO_CART: 'add_to_cart',
  CHECKOUT: 'checkout',
  PURCHASE: 'purchase',
} as const;

/** True when `name` is a valid event name. */
export function isEventName(name: unknown): name is string {
  return typeof name === 'string' && EVENT_NAME_PATTERN.test(name);
}

/** The event {@link trackAction} records when its function fails: `<name>_failed`. */
export function failedEventName(name: string): string {
  return `${name}_failed`;
}
