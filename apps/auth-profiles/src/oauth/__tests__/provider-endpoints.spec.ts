import { confluenceAction } from '@actionhub/providers';
import { randomBytes } from 'node:crypto';
import { AppConfig, configSchema } from '../../config/auth-profiles.config';
import { SecretCipher } from '../../crypto/secret-cipher';
import { ProfilesService } from '../../profiles/profiles.service';
import { OAuthProfileResolver } from '../oauth-profile.resolver';
import { ProviderEndpoints } from '../provider-endpoints';

// docker compose: auth-profiles reaches the sandbox by its service name, the host's browser by localhost.
const server = [
  'https://auth.atlassian.com=http://atlassian-sandbox:4000',
  'https://api.atlassian.com=http://atlassian-sandbox:4000',
];
const browser = ['https://auth.atlassian.com=http://localhost:4000'];

describe('ProviderEndpoints', () => {
  it('swaps only the overridden origins, keeping path and query', () => {
    const endpoints = new ProviderEndpoints(server);
    expect(endpoints.url('https://auth.atlassian.com/oauth/token?x=1')).toBe(
      'http://atlassian-sandbox:4000/oauth/token?x=1',
    );
    expect(endpoints.url('https://example.atlassian.net/wiki')).toBe('https://example.atlassian.net/wiki');
    expect(endpoints.oauthApiBaseUrl(confluenceAction, 'c/1')).toBe(
      'http://atlassian-sandbox:4000/ex/confluence/c%2F1/wiki/api/v2',
    );
  });

  it('sends the browser to the browser origins, and calls the provider at the server ones', () => {
    const endpoints = new ProviderEndpoints(server, browser);
    expect(endpoints.browserUrl('https://auth.atlassian.com/authorize')).toBe(
      'http://localhost:4000/authorize',
    );
    expect(endpoints.url('https://auth.atlassian.com/authorize')).toBe(
      'http://atlassian-sandbox:4000/authorize',
    );
  });

  it('uses the server origins for the browser too when no browser override is set', () => {
    expect(new ProviderEndpoints(server).browserUrl('https://auth.atlassian.com/authorize')).toBe(
      'http://atlassian-sandbox:4000/authorize',
    );
    expect(new ProviderEndpoints([]).browserUrl('https://auth.atlassian.com/authorize')).toBe(
      'https://auth.atlassian.com/authorize',
    );
  });

  it("gives the system profile the browser's consent URL and the server's token URLs", async () => {
    const config = {
      CONFLUENCE_SYSTEM_CLIENT_ID: 'id',
      CONFLUENCE_SYSTEM_CLIENT_SECRET: 'secret',
    } as unknown as AppConfig;
    const resolver = new OAuthProfileResolver(
      config,
      {} as ProfilesService,
      {} as SecretCipher,
      new ProviderEndpoints(server, browser),
    );
    const profile = await resolver.resolve(undefined as never, 'app', confluenceAction, 'system');
    expect(profile.authorizationUrl).toBe('http://localhost:4000/authorize');
    expect(profile.tokenUrl).toBe('http://atlassian-sandbox:4000/oauth/token');
    expect(profile.refreshTokenUrl).toBe('http://atlassian-sandbox:4000/oauth/token');
  });
});

describe('PROVIDER_BROWSER_ORIGIN_OVERRIDES', () => {
  const env = {
    JWT_SECRET: 'test-secret-of-at-least-32-bytes-012345',
    ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };

  it('is unset when absent or empty (compose passes unset variables as "")', () => {
    expect(configSchema.parse(env).PROVIDER_BROWSER_ORIGIN_OVERRIDES).toBeUndefined();
    expect(
      configSchema.parse({ ...env, PROVIDER_BROWSER_ORIGIN_OVERRIDES: '' }).PROVIDER_BROWSER_ORIGIN_OVERRIDES,
    ).toBeUndefined();
  });

  it('is a list of origin pairs, validated like PROVIDER_ORIGIN_OVERRIDES', () => {
    const value = 'https://auth.atlassian.com=http://localhost:4000';
    expect(
      configSchema.parse({ ...env, PROVIDER_BROWSER_ORIGIN_OVERRIDES: value })
        .PROVIDER_BROWSER_ORIGIN_OVERRIDES,
    ).toEqual([value]);
    expect(() =>
      configSchema.parse({ ...env, PROVIDER_BROWSER_ORIGIN_OVERRIDES: 'localhost:4000' }),
    ).toThrow();
  });
});
