/** Everything needed to run OAuth 2.0 against one provider with one client. */
export interface OAuthProfile {
  /** "system" or the custom profile's id. */
  profileId: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  refreshTokenUrl: string;
  scopes: string[];
  authorizationParams: Record<string, string>;
  tokenRequestAuth: 'client_secret_post' | 'client_secret_basic';
  pkce: boolean;
  /** Tenant-supplied endpoints are checked against SSRF before every call; system ones are trusted. */
  custom: boolean;
}

/** A token endpoint's successful answer. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number | null;
  scopes: string[] | null;
}

/** The provider answered the token request with an error (its status and OAuth error code). */
export class TokenEndpointError extends Error {
  constructor(
    readonly status: number | null,
    readonly error: string | null,
    readonly description: string | null,
  ) {
    super(`token endpoint answered ${status ?? 'no status'} ${error ?? ''}`.trim());
  }

  /** 4xx with an OAuth error: retrying the same grant cannot succeed. */
  get isFinal(): boolean {
    return this.status !== null && this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}
