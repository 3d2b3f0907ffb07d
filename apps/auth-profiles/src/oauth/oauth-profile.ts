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

/**
 * The token request failed: the provider's status and OAuth error code (null when the answer was
 * not an OAuth error body, e.g. an HTML page), or no status at all (network error, timeout).
 * See classifyTokenFailure for what each means.
 */
export class TokenEndpointError extends Error {
  constructor(
    readonly status: number | null,
    readonly error: string | null,
    readonly description: string | null,
    /** The answer's Retry-After, in milliseconds from now. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`token endpoint answered ${status ?? 'no status'} ${error ?? ''}`.trim());
  }
}
