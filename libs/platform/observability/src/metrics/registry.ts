import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerOpenFileDescriptors } from './open-file-descriptors';

/**
 * One registry per service process, served on its /metrics: process and Node.js runtime metrics,
 * every series labelled with the service so dashboards can aggregate the fleet.
 */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  registerOpenFileDescriptors(registry);
  return registry;
}
