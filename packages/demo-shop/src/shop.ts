import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setRequestError, setRoute } from '@golden-signals/instrumentation';
import { type BusinessEvents, businessEvents } from './businessEvents.ts';
import { type CartLine, cartTotal, type Order, PRODUCTS, seedUsers, type User } from './catalog.ts';
import { FakeDb } from './fakeDb.ts';
import { HEALTHY, parseFaults } from './incident.ts';

/** Options of {@link createShop}. */
export interface ShopOptions {
  /** Business events sink (default: @golden-signals/business-metrics). */
  readonly events?: BusinessEvents;
  /** Randomness for latency and failures (tests pass a seeded one). */
  readonly random?: () => number;
}

type Handler = (req: IncomingMessage, params: Record<string, string>, body: unknown) => Promise<Reply>;
interface Reply {
  readonly status: number;
  readonly body: unknown;
}
interface Route {
  readonly method: string;
  readonly template: string;
  readonly parts: readonly string[];
  readonly handler: Handler;
}

/** Orders kept in memory; older ones are dropped so a long demo does not grow without bound. */
const MAX_ORDERS = 2000;

/**
 * The seed's shop as a small HTTP service: user profile, products, cart, checkout and orders, each
 * backed by a {@link FakeDb} call timed with `measure()`, and the business events a shop emits.
 * Route templates are handed to the instrumentation with `setRoute`, so `http_route` stays bounded.
 *
 * `POST /admin/faults` ({ latencyMs, errorRatio }) sets how bad the payment call is; it answers
 * only to loopback clients, which is how the traffic generator plays the scripted incident.
 */
export function createShop(options: ShopOptions = {}): { server: Server; db: FakeDb } {
  const shop: ShopState = {
    db: new FakeDb(HEALTHY, options.random),
    events: options.events ?? businessEvents(),
    users: seedUsers(),
    carts: new Map(),
    orders: [],
  };
  const routes: Route[] = [];
  const on: On = (method, template, handler) => {
    routes.push({ method, template, parts: template.split('/'), handler });
  };
  on('GET', '/healthz', async () => ({ status: 200, body: { ok: true } }));
  catalogueRoutes(on, shop);
  cartRoutes(on, shop);
  orderRoutes(on, shop);
  adminRoutes(on, shop.db);

  const server = createServer((req, res) => {
    handle(routes, req, res).catch((err: unknown) => {
      setRequestError(req, err);
      send(res, 500, { error: 'internal error' });
    });
  });
  return { server, db: shop.db };
}

/** What the shop's handlers share: the fake database, the event sink and the in-memory data. */
interface ShopState {
  readonly db: FakeDb;
  readonly events: BusinessEvents;
  readonly users: Map<string, User>;
  readonly carts: Map<string, CartLine[]>;
  readonly orders: Order[];
}
type On = (method: string, template: string, handler: Handler) => void;

const notFound = (what: string): Reply => ({ status: 404, body: { error: `${what} not found` } });

/** Products and user profiles, and signing up. */
function catalogueRoutes(on: On, { db, events, users }: ShopState): void {
  on('GET', '/api/products', async () => {
    events.pageView({ page: 'catalogue' });
    return { status: 200, body: await db.query('db.products.list', () => PRODUCTS) };
  });
  on('GET', '/api/products/:id', async (_req, p) => {
    const product = await db.query('db.products.find', () => PRODUCTS.find((x) => x.id === p.id));
    if (!product) return notFound('product');
    events.pageView({ page: 'product' });
    return { status: 200, body: product };
  });
  on('GET', '/api/users/:id', async (_req, p) => {
    const user = await db.query('db.users.find', () => users.get(p.id!));
    return user ? { status: 200, body: user } : notFound('user');
  });
  on('POST', '/api/signup', async (_req, _p, body) => {
    const name =
      typeof (body as { name?: unknown })?.name === 'string' ? (body as { name: string }).name : 'guest';
    const user: User = {
      id: `u${users.size + 1}`,
      name: name.slice(0, 100),
      email: `${randomUUID()}@example.com`,
    };
    await db.query('db.users.insert', () => users.set(user.id, user));
    events.signup();
    return { status: 201, body: user };
  });
}

/** Adding to a cart. */
function cartRoutes(on: On, { db, events, carts }: ShopState): void {
  on('POST', '/api/cart/:userId', async (_req, p, body) => {
    const { productId, quantity } = (body ?? {}) as { productId?: unknown; quantity?: unknown };
    if (!PRODUCTS.some((x) => x.id === productId))
      return { status: 400, body: { error: 'unknown productId' } };
    const qty = typeof quantity === 'number' && quantity >= 1 && quantity <= 10 ? Math.floor(quantity) : 1;
    const lines = await db.query('db.carts.upsert', () => {
      const cart = carts.get(p.userId!) ?? [];
      cart.push({ productId: productId as string, quantity: qty });
      carts.set(p.userId!, cart);
      return cart;
    });
    events.addToCart();
    return { status: 200, body: { lines, total: cartTotal(lines) } };
  });
}

/** Checkout (the payment call the incident makes slow and flaky) and the order list. */
function orderRoutes(on: On, { db, events, carts, orders }: ShopState): void {
  on('POST', '/api/checkout/:userId', async (req, p) => {
    const lines = await db.query('db.carts.find', () => carts.get(p.userId!) ?? []);
    if (lines.length === 0) return { status: 400, body: { error: 'cart is empty' } };
    events.checkout();
    const total = cartTotal(lines);
    try {
      await db.charge(total);
    } catch (err) {
      // The class name becomes error_type; the cart stays, so the customer can retry.
      setRequestError(req, err);
      return { status: 503, body: { error: 'payment failed, please retry' } };
    }
    const order: Order = {
      id: randomUUID(),
      userId: p.userId!,
      lines,
      total,
      currency: 'USD',
      at: Date.now(),
    };
    await db.query('db.orders.insert', () => {
      orders.push(order);
      if (orders.length > MAX_ORDERS) orders.splice(0, orders.length - MAX_ORDERS);
      carts.delete(p.userId!);
    });
    events.purchase({ amount: total, currency: 'USD' });
    return { status: 201, body: order };
  });
  on('GET', '/api/orders/:userId', async (_req, p) => ({
    status: 200,
    body: await db.query('db.orders.list', () => orders.filter((o) => o.userId === p.userId).slice(-20)),
  }));
}

/** The incident's control: how bad the payment call is (loopback clients only). */
function adminRoutes(on: On, db: FakeDb): void {
  on('GET', '/admin/faults', async () => ({ status: 200, body: db.faults }));
  on('POST', '/admin/faults', async (req, _p, body) => {
    if (!isLoopback(req)) return { status: 403, body: { error: 'admin answers loopback clients only' } };
    const faults = parseFaults(body);
    if (!faults)
      return { status: 400, body: { error: 'expected { latencyMs: 0..60000, errorRatio: 0..1 }' } };
    db.faults = faults;
    return { status: 200, body: faults };
  });
}

async function handle(routes: readonly Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  const found = match(routes, req.method ?? 'GET', path);
  if (!found) {
    send(res, 404, { error: 'no such route' });
    return;
  }
  setRoute(req, found.route.template);
  const body = req.method === 'POST' ? await readJson(req) : undefined;
  if (body === INVALID) {
    send(res, 400, { error: 'body is not JSON' });
    return;
  }
  const reply = await found.route.handler(req, found.params, body);
  send(res, reply.status, reply.body);
}

function match(routes: readonly Route[], method: string, path: string) {
  const parts = path.split('/');
  for (const route of routes) {
    if (route.method !== method || route.parts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = route.parts.every((t, i) => {
      if (t.startsWith(':')) {
        params[t.slice(1)] = decodeURIComponent(parts[i]!);
        return parts[i] !== '';
      }
      return t === parts[i];
    });
    if (ok) return { route, params };
  }
  return undefined;
}

const INVALID = Symbol('invalid');

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) return INVALID;
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}
