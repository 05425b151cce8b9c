import { randomUUID } from 'node:crypto';

let id: string | undefined;

/**
 * `service.instance.id` of this process or thread (semconv: a random UUID when nothing better is
 * known), so that cluster workers, forks and worker threads export distinct OTLP streams.
 */
export function serviceInstanceId(): string {
  id ??= randomUUID();
  return id;
}
