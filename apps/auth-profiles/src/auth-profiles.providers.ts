import { OutboundHttpClient, OutboundUrlPolicy, SERVICE_CONFIG } from '@actionhub/service-kit';
import { Provider } from '@nestjs/common';
import { BrowserBinding } from './authorizations/browser-binding';
import { AppConfig } from './config/auth-profiles.config';
import { RefreshMetrics } from './connections/refresh.metrics';
import { SecretCipher } from './crypto/secret-cipher';
import { PassportOAuth2Client } from './oauth/passport-oauth2.client';
import { ProviderCallLimiter } from './oauth/provider-call-limiter';
import { ProviderEndpoints } from './oauth/provider-endpoints';

export const callbackUrlOf = (config: AppConfig) =>
  new URL('/v1/oauth/callback', config.PUBLIC_BASE_URL).toString();

/** The authorization link's page: binds the browser, then sends it to the provider. */
export const startUrlOf = (config: AppConfig) =>
  new URL('/v1/oauth/start', config.PUBLIC_BASE_URL).toString();

/** Singletons built from the validated configuration. */
export const infrastructureProviders: Provider[] = [
  {
    provide: SecretCipher,
    inject: [SERVICE_CONFIG],
    useFactory: (c: AppConfig) => new SecretCipher(c.ENCRYPTION_KEYS, c.ENCRYPTION_ACTIVE_KEY_ID),
  },
  {
    provide: OutboundUrlPolicy,
    inject: [SERVICE_CONFIG],
    useFactory: (c: AppConfig) => new OutboundUrlPolicy(c.OUTBOUND_ALLOWLIST),
  },
  {
    provide: OutboundHttpClient,
    inject: [SERVICE_CONFIG, OutboundUrlPolicy],
    useFactory: (c: AppConfig, policy: OutboundUrlPolicy) =>
      new OutboundHttpClient(policy, c.OUTBOUND_TIMEOUT_MS),
  },
  {
    provide: PassportOAuth2Client,
    inject: [SERVICE_CONFIG, OutboundHttpClient],
    useFactory: (c: AppConfig, http: OutboundHttpClient) => new PassportOAuth2Client(callbackUrlOf(c), http),
  },
  {
    provide: ProviderCallLimiter,
    inject: [SERVICE_CONFIG, RefreshMetrics],
    useFactory: (c: AppConfig, metrics: RefreshMetrics) =>
      new ProviderCallLimiter(c.PROVIDER_MAX_CONCURRENT_CALLS, c.PROVIDER_QUEUE_WAIT_MS, (n) =>
        metrics.callsInFlight(n),
      ),
  },
  {
    provide: BrowserBinding,
    inject: [SERVICE_CONFIG],
    useFactory: (c: AppConfig) => new BrowserBinding(c.PUBLIC_BASE_URL, c.AUTHORIZATION_TTL_SECONDS),
  },
  {
    provide: ProviderEndpoints,
    inject: [SERVICE_CONFIG],
    useFactory: (c: AppConfig) =>
      new ProviderEndpoints(c.PROVIDER_ORIGIN_OVERRIDES, c.PROVIDER_BROWSER_ORIGIN_OVERRIDES),
  },
];
