export { type BusinessEvents, businessEvents } from './businessEvents.ts';
export { type CartLine, cartTotal, type Order, PRODUCTS, type Product, type User } from './catalog.ts';
export { FakeDb, PaymentGatewayError } from './fakeDb.ts';
export {
  type Faults,
  HEALTHY,
  INCIDENT_SCRIPT,
  type IncidentPhase,
  parseFaults,
  phaseAt,
} from './incident.ts';
export { type PlayOptions, playIncident } from './incidentPlayer.ts';
export { createShop, type ShopOptions } from './shop.ts';
export { TrafficGenerator, type TrafficOptions, type TrafficStats } from './trafficGenerator.ts';
