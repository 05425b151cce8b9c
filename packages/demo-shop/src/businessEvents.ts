import { addToCart, checkout, pageView, purchase, signup } from '@golden-signals/business-metrics';

/** The business-metrics calls the shop makes; tests pass their own to see what the shop emits. */
export interface BusinessEvents {
  pageView(attributes?: Record<string, string>): void;
  signup(): void;
  addToCart(): void;
  checkout(): void;
  purchase(order: { amount: number; currency: string }): void;
}

/** The shop's business events through @golden-signals/business-metrics (business_events_total, business_revenue_total). */
export function businessEvents(): BusinessEvents {
  return {
    pageView,
    signup: () => signup(),
    addToCart: () => addToCart(),
    checkout: () => checkout(),
    purchase,
  };
}
