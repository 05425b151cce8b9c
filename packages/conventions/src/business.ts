import { ATTR } from './attributes.ts';
import { instrument } from './instrument.ts';

/** Business events (page_view, signup, add_to_cart, checkout, purchase, ...), by event name. */
export const BUSINESS_EVENTS = instrument({
  name: 'business.events',
  unit: '{event}',
  kind: 'counter',
  description: 'Business events by name.',
  attributes: [ATTR.BUSINESS_EVENT],
});

/** Revenue in the currency's major unit, by ISO 4217 currency code. */
export const BUSINESS_REVENUE = instrument({
  name: 'business.revenue',
  unit: '{currency_unit}',
  kind: 'counter',
  description: 'Revenue by currency (major units, e.g. 12.5 USD).',
  attributes: [ATTR.CURRENCY],
});
