import { DestinationStream } from 'pino';
import { ConfigSchema, loadConfig } from './config/load-config';
import { assertServiceConfig, ServiceConfig } from './config/service-config.schema';

/** The app's config schema (read from process.env at boot), or a config already loaded (tests). */
export type ServiceConfigSource = ConfigSchema | ServiceConfig;

export interface ServiceKitOptions {
  serviceName: string;
  config: ServiceConfigSource;
  /** Per-check readiness timeout; 2000 ms by default. */
  healthCheckTimeoutMs?: number;
  /** How long shutdown waits for in-flight requests before cutting connections; 10000 ms by default. */
  shutdownDrainTimeoutMs?: number;
  /** Where log lines go; stdout by default. Tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

export function isConfigSchema(source: ServiceConfigSource): source is ConfigSchema {
  return typeof (source as { safeParse?: unknown }).safeParse === 'function';
}

/** The validated config. Also applies the auth rules to configs that did not come through defineServiceConfig. */
export function resolveServiceConfig(source: ServiceConfigSource): ServiceConfig {
  const config = isConfigSchema(source) ? (loadConfig(source) as ServiceConfig) : source;
  assertServiceConfig(config);
  return config;
}
