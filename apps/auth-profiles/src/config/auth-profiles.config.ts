import { actionCatalog } from '@actionhub/providers';
import { defineServiceConfig, sensitive } from '@actionhub/service-kit';
import { z, ZodTypeAny } from 'zod';

export const SERVICE_NAME = 'auth-profiles';

export const openApiInfo = {
  title: 'Actionhub auth-profiles',
  version: '1',
  description: 'Authorization profiles, OAuth 2.0 and Basic authorization, encrypted connections.',
};

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

/** `kid:base64key,kid2:base64key`: each key is 32 random bytes (AES-256). */
const encryptionKeys = commaList.pipe(
  z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+$/, 'each entry must be keyId:base64key')
        .refine((entry) => Buffer.from(entry.split(':')[1], 'base64').length === 32, {
          message: 'each key must be 32 bytes, base64 encoded (openssl rand -base64 32)',
        }),
    )
    .min(1, 'must list at least one keyId:base64key'),
);

/** `dialogs,action-config`: service names as they sign their service tokens. */
const serviceNames = commaList.pipe(
  z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'each entry must be a service name such as dialogs')),
);

/** `https://auth.atlassian.com=http://127.0.0.1:4000,...`: where a provider's origin really is. */
const originOverrides = commaList.pipe(
  z.array(
    z
      .string()
      .regex(/^https?:\/\/[^=\s]+=https?:\/\/[^=\s]+$/, 'each entry must be https://origin=http(s)://origin'),
  ),
);

/**
 * The platform's own OAuth app per action (the "System" profile): `<ACTION>_SYSTEM_CLIENT_ID` and
 * `<ACTION>_SYSTEM_CLIENT_SECRET`, derived from the catalog so a new provider needs no code here.
 */
export const systemClientVariables = (actionKey: string) => {
  const prefix = actionKey.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { id: `${prefix}_SYSTEM_CLIENT_ID`, secret: `${prefix}_SYSTEM_CLIENT_SECRET` };
};

// Compose files pass unset variables as empty strings: empty means "not configured".
const optionalText = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().max(255).optional());

const systemClientShape: Record<string, ZodTypeAny> = {};
for (const action of actionCatalog) {
  const names = systemClientVariables(action.key);
  systemClientShape[names.id] = optionalText();
  systemClientShape[names.secret] = sensitive(optionalText());
}

/** Everything auth-profiles reads from its environment, validated at boot. */
export const configSchema = defineServiceConfig(
  { serviceName: SERVICE_NAME, defaultPort: 3001 },
  {
    /** Where browsers reach this service: the OAuth callback URL is built from it. */
    PUBLIC_BASE_URL: z.string().url('must be an http(s) URL').default('http://127.0.0.1:3001'),
    ENCRYPTION_KEYS: sensitive(encryptionKeys),
    /** New writes use this key; rows under the other listed keys still read. Default: the first key. */
    ENCRYPTION_ACTIVE_KEY_ID: z.string().min(1).optional(),
    PROVIDER_ORIGIN_OVERRIDES: originOverrides.default(''),
    /**
     * Development only: the same for the consent page the browser opens, when the browser reaches
     * the provider at another address than this service does (docker compose). Default: the above.
     */
    PROVIDER_BROWSER_ORIGIN_OVERRIDES: z.preprocess(
      (v) => (v === '' ? undefined : v),
      originOverrides.optional(),
    ),
    /** host or host:port that custom profiles and Basic sites may use although private or plain http. */
    OUTBOUND_ALLOWLIST: commaList.default(''),
    AUTHORIZATION_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
    REFRESH_AHEAD_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
    OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(10000),
    /**
     * After a transient refresh failure a connection cools down before the provider is called again:
     * base, doubling per failure up to the max, ±20 % jitter (a 429's Retry-After, up to an hour,
     * when longer). The defaults keep a failing provider at no more than 3 calls per connection a minute.
     */
    REFRESH_BACKOFF_BASE_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    REFRESH_BACKOFF_MAX_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** How long a resolve whose token is still valid waits for a refresh in flight before answering that token. */
    REFRESH_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** How often a replica looks for refreshes a crashed replica left half done (see the README). */
    REFRESH_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    /** Concurrent token-endpoint calls per provider host; more wait up to PROVIDER_QUEUE_WAIT_MS, then 503. */
    PROVIDER_MAX_CONCURRENT_CALLS: z.coerce.number().int().min(1).max(1000).default(10),
    PROVIDER_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    /** A profile whose client the provider rejected is tried again after this long, or once its client changes. */
    CLIENT_REJECTED_RECHECK_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    /** Services (the `sub` of their service token) that may resolve connections into tokens. */
    RESOLVE_ALLOWED_SERVICES: serviceNames.default('dialogs'),
    /** Services that may create authorization links (POST /internal/.../authorizations). */
    AUTHORIZE_ALLOWED_SERVICES: serviceNames.default('action-config,dialogs'),
    // Typed away on purpose: read them with systemClientOf(), which knows the names.
    ...(systemClientShape as Record<never, ZodTypeAny>),
  },
);

export type AppConfig = ReturnType<(typeof configSchema)['parse']>;

/** The platform's own client for an action, when the deployment configured one. */
export function systemClientOf(
  config: AppConfig,
  actionKey: string,
): { clientId: string; clientSecret: string } | undefined {
  const names = systemClientVariables(actionKey);
  const values = config as unknown as Record<string, string | undefined>;
  const clientId = values[names.id];
  const clientSecret = values[names.secret];
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}
