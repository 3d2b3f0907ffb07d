import { Mechanism } from '@actionhub/contracts';

/** How an action's OAuth 2.0 (3LO) authorization works at its provider. */
export interface OAuth2Settings {
  identityProviderName: string;
  authorizationUrl: string;
  tokenUrl: string;
  refreshTokenUrl: string;
  scopes: string[];
  /** Extra query parameters the provider needs on the authorization URL. */
  authorizationParams: Record<string, string>;
  tokenRequestAuth: 'client_secret_post' | 'client_secret_basic';
  /** Lists the sites (cloud ids) a token may reach. */
  accessibleResourcesUrl?: string;
}

/**
 * An action as data: adding a provider means adding one of these (and a small connector),
 * not changing the services.
 */
export interface ActionDefinition {
  key: string;
  name: string;
  description: string;
  mechanisms: Mechanism[];
  oauth2: OAuth2Settings;
  /** API base for OAuth tokens; `{cloudId}` is filled from the authorized site. */
  oauth2ApiBaseUrl: string;
  /** API path under a site URL for Basic credentials. */
  basicApiPath: string;
  templateKeys: string[];
}
