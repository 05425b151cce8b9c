import * as business from '@golden-signals/business-metrics';

/** The business-metrics calls the shop makes (the package's documented API). */
export interface BusinessEvents {
  pageView(attributes?: Record<string, string>): void;
  signup(): void;
  addToCart(): void;
  checkout(): void;
  purchase(order: { amount: number; currency: string }): void;
}

const noop = (): void => {};

/**
 * The shop's business events through @golden-signals/business-metrics. Looked up by name so the
 * shop keeps running (without business series) against a build of that package that lacks one of
 * them; a missing function is reported once on stderr.
 */
export function businessEvents(): BusinessEvents {
  const api = business as unknown as Partial<Record<keyof BusinessEvents, (...args: unknown[]) => void>>;
  const pick = <K extends keyof BusinessEvents>(name: K): BusinessEvents[K] => {
    const fn = api[name];
    if (typeof fn === 'function') return fn as BusinessEvents[K];
    process.stderr.write(
      `demo-shop: @golden-signals/business-metrics has no ${name}(); skipping those events\n`,
    );
    return noop as BusinessEvents[K];
  };
  return {
    pageView: pick('pageView'),
    signup: pick('signup'),
    addToCart: pick('addToCart'),
    checkout: pick('checkout'),
    purchase: pick('purchase'),
  };
}
