import { defineServiceConfig } from '@actionhub/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'auth-profiles';

export const openApiInfo = {
  title: 'Actionhub auth-profiles',
  version: '1',
  description: 'Authorization profiles, OAuth 2.0 and Basic authorization, encrypted connections.',
};

/** Everything auth-profiles reads from its environment, validated at boot. */
export const configSchema = defineServiceConfig(
  { serviceName: SERVICE_NAME, defaultPort: 3001 },
  {
    /** Where browsers reach this service: the OAuth callback URL is built from it. */
    PUBLIC_BASE_URL: z.string().url('must be an http(s) URL').default('http://127.0.0.1:3001'),
  },
);

export type AppConfig = ReturnType<(typeof configSchema)['parse']>;
