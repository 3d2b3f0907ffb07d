import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A registry per service rather than prom-client's global one: tests run several apps in
 * one process, and every series carries the service label either way.
 */
export function createMetricsRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  return registry;
}
