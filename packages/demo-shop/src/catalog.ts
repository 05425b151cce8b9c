/**
 * The shop's data: a handful of products and users, as the seed's shop would have. In memory; the
 * {@link FakeDb} adds the latency of a real database around every read and write.
 */

/** A product on sale. Prices in USD major units. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly price: number;
}

/** A registered customer. */
export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/** A line in a cart. */
export interface CartLine {
  readonly productId: string;
  readonly quantity: number;
}

/** A placed order. */
export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly lines: readonly CartLine[];
  readonly total: number;
  readonly currency: string;
  readonly at: number;
}

/** The demo shop's catalog. */
export const PRODUCTS: readonly Product[] = [
  { id: 'p1', name: 'Pour-over kettle', price: 49 },
  { id: 'p2', name: 'Ceramic dripper', price: 24 },
  { id: 'p3', name: 'Single-origin beans 250 g', price: 16.5 },
  { id: 'p4', name: 'Hand grinder', price: 89 },
  { id: 'p5', name: 'Paper filters (100)', price: 6 },
  { id: 'p6', name: 'Glass server 600 ml', price: 29 },
];

/** Users u1..u50 exist from the start; signups add more. */
export function seedUsers(count = 50): Map<string, User> {
  const users = new Map<string, User>();
  for (let i = 1; i <= count; i++)
    users.set(`u${i}`, { id: `u${i}`, name: `Customer ${i}`, email: `c${i}@example.com` });
  return users;
}

/** Total of cart lines at catalogue prices (unknown products count 0). */
export function cartTotal(lines: readonly CartLine[]): number {
  let total = 0;
  for (const l of lines) total += (PRODUCTS.find((p) => p.id === l.productId)?.price ?? 0) * l.quantity;
  return Math.round(total * 100) / 100;
}
