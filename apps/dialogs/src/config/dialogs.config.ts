import { defineServiceConfig } from '@actionhub/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'dialogs';

export const openApiInfo = {
  title: 'Actionhub dialogs',
  version: '1',
  description: 'Dialog tasks created from templates, and dialog runs that call the integration.',
};

const milliseconds = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .default(String(fallback));

/** Everything dialogs reads from its environment, validated at boot. */
export const configSchema = defineServiceConfig(
  { serviceName: SERVICE_NAME, defaultPort: 3004 },
  {
    /** auth-profiles' base URL, for its /internal routes (authorization URLs, connections/resolve). */
    AUTH_PROFILES_URL: z.string().url('must be an http(s) URL').default('http://127.0.0.1:3001'),
    AUTH_PROFILES_TIMEOUT_MS: milliseconds(5_000),
    /** The longest Retry-After a run waits for (429/503 from the provider); a longer one fails the run. */
    CONNECTOR_MAX_RETRY_WAIT_MS: milliseconds(5_000),
    /** Each provider call is aborted after this long. */
    CONNECTOR_TIMEOUT_MS: milliseconds(15_000),
    /**
     * Hosts (host or host:port) exempt from the outbound address rules: the provider's API and
     * Basic sites are called over https at public addresses only, unless named here
     * (development: the Atlassian sandbox).
     */
    OUTBOUND_ALLOWLIST: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      ),
  },
);

export type AppConfig = ReturnType<(typeof configSchema)['parse']>;
