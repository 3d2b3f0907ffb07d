import { Mechanism } from '@actionhub/contracts';
import { Connector, ConnectorOptions } from './connectors/connector';

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
  /**
   * The provider accepts PKCE (RFC 7636, S256) for this client type: the authorization URL then
   * carries a code_challenge and the code exchange its verifier (RFC 9700 asks for it).
   */
  pkce?: boolean;
  /** Lists the sites (cloud ids) a token may reach. */
  accessibleResourcesUrl?: string;
}

/**
 * An action as data: adding a provider means adding one of these (and at most one connector
 * file), not changing the services.
 */
export interface ActionDefinition {
  key: string;
  name: string;
  description: string;
  mechanisms: Mechanism[];
  oauth2: OAuth2Settings;
  /** API base for OAuth tokens; `{cloudId}` is filled from the authorized site. */
  oauth2ApiBaseUrl: string;
  /** API path under a site URL for Basic credentials; `oauth2ApiBaseUrl` ends with it too. */
  basicApiPath: string;
  /**
   * Other APIs of the product that a template request may name (`request.api`), as paths that
   * replace `basicApiPath` at the end of the connection's API base: the same host, site and
   * credentials (Confluence: `{ v1: '/wiki/rest/api' }`, for the operations REST v2 lacks).
   */
  apiBases?: Record<string, string>;
  /**
   * A cheap read under the API base that any valid credentials may make: where Basic credentials
   * are checked before they are stored (Confluence `/spaces?limit=1`, Jira `/myself`).
   */
  basicCheckPath: string;
  templateKeys: string[];
  /** The API client that runs its dialogs' service nodes. */
  connector: (options: ConnectorOptions) => Connector;
}
