import { STANDARD_EVENTS } from './eventName.ts';
import { trackEvent } from './track.ts';
import type { AttributeValue } from './types.ts';

type Attributes = Record<string, AttributeValue | undefined>;

/** A completed order: its amount in the currency's major unit (12.5 for 12.50 USD). */
export interface Order {
  amount: number;
  /** ISO 4217 code, e.g. `USD`. */
  currency: string;
  /** Allow-listed attributes (never the order id). */
  attributes?: Attributes;
}

/** Counts a `page_view`. */
export function pageView(attributes?: Attributes): void {
  trackEvent(STANDARD_EVENTS.PAGE_VIEW, attributes ? { attributes } : undefined);
}

/** Counts a `signup`. */
export function signup(attributes?: Attributes): void {
  trackEvent(STANDARD_EVENTS.SIGNUP, attributes ? { attributes } : undefined);
}

/** Counts an `add_to_cart`. */
export function addToCart(attributes?: Attributes): void {
  trackEvent(STANDARD_EVENTS.ADD_TO_CART, attributes ? { attributes } : undefined);
}

/** Counts a `checkout` (the customer started paying). */
export function checkout(attributes?: Attributes): void {
  trackEvent(STANDARD_EVENTS.CHECKOUT, attributes ? { attributes } : undefined);
}

/** Counts a `purchase` and adds its amount to the revenue of its currency. */
export function purchase(order: Order): void {
  trackEvent(STANDARD_EVENTS.PURCHASE, {
    // A missing amount is reported like a bad one rather than silently counting no revenue.
    value: typeof order?.amount === 'number' ? order.amount : Number.NaN,
    currency: order?.currency,
    ...(order?.attributes ? { attributes: order.attributes } : {}),
  });
}
