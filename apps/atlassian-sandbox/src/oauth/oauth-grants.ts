import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthorizationCode, Grant } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

// Lifetimes from Atlassian's 3LO documentation (the "OAuth 2.0 (3LO) apps" page of developer.atlassian.com).
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const CODE_LIFETIME_MS = 10 * MINUTE_MS;
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** A rotated-out refresh token keeps working this long, so concurrent refreshes do not lock a user out. */
export const REFRESH_REUSE_LEEWAY_MS = 10 * MINUTE_MS;
export const REFRESH_TOKEN_IDLE_MS = 90 * DAY_MS;
export const GRANT_LIFETIME_MS = 365 * DAY_MS;

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
  refresh_token?: string;
}

/** 365 days after first consent every refresh token of the grant stops working; re-consent starts anew. */
export function isGrantUsable(state: SandboxState, grant: Grant): boolean {
  return grant.revokedAt === null && state.now() - grant.createdAt < GRANT_LIFETIME_MS;
}

/**
 * Consent for (client, user): extends the live grant (new scopes replace the old, sites add up,
 * as re-consenting on Atlassian does) so accessible-resources lists every site the user allowed;
 * a revoked or expired grant is replaced by a fresh one.
 */
export function consentGrant(
  state: SandboxState,
  input: { clientId: string; accountId: string; scopes: string[]; siteIds: string[] },
): Grant {
  const live = [...state.grants.values()].find(
    (g) => g.clientId === input.clientId && g.accountId === input.accountId && isGrantUsable(state, g),
  );
  if (live) {
    live.scopes = [...input.scopes];
    live.siteIds = [...new Set([...live.siteIds, ...input.siteIds])];
    return live;
  }
  const grant: Grant = {
    id: state.uuid(),
    clientId: input.clientId,
    accountId: input.accountId,
    scopes: [...input.scopes],
    siteIds: [...input.siteIds],
    createdAt: state.now(),
    revokedAt: null,
  };
  state.grants.set(grant.id, grant);
  return grant;
}

export function issueCode(
  state: SandboxState,
  grant: Grant,
  redirectUri: string,
  pkce: Pick<AuthorizationCode, 'codeChallenge' | 'codeChallengeMethod'> = {
    codeChallenge: null,
    codeChallengeMethod: null,
  },
): string {
  const code = state.opaqueToken('sbx-code-');
  state.codes.set(code, {
    code,
    grantId: grant.id,
    clientId: grant.clientId,
    redirectUri,
    expiresAt: state.now() + CODE_LIFETIME_MS,
    usedAt: null,
    ...pkce,
  });
  return code;
}

/** RFC 7636 §4.6: does the exchange's code_verifier match the challenge sent to /authorize? */
export function verifierMatches(code: AuthorizationCode, verifier: string | undefined): boolean {
  if (!code.codeChallenge) return true;
  if (!verifier) return false;
  const expected =
    code.codeChallengeMethod === 'S256'
      ? createHash('sha256').update(verifier).digest('base64url')
      : verifier;
  const a = Buffer.from(expected);
  const b = Buffer.from(code.codeChallenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A new access token, plus a new refresh token only when the user consented to offline_access. */
export function issueTokens(state: SandboxState, grant: Grant): TokenResponse {
  const accessToken = state.opaqueToken('sbx-at-');
  state.accessTokens.set(accessToken, {
    token: accessToken,
    grantId: grant.id,
    scopes: [...grant.scopes],
    expiresAt: state.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000,
    revokedAt: null,
  });
  const answer: TokenResponse = {
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
    scope: grant.scopes.join(' '),
    token_type: 'Bearer',
  };
  if (grant.scopes.includes('offline_access')) {
    const refreshToken = state.opaqueToken('sbx-rt-');
    state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      grantId: grant.id,
      issuedAt: state.now(),
      retiredAt: null,
    });
    answer.refresh_token = refreshToken;
  }
  return answer;
}

/** Refresh-token reuse after the leeway: the whole grant goes, every access and refresh token with it. */
export function revokeGrant(state: SandboxState, grant: Grant): void {
  const now = state.now();
  grant.revokedAt = now;
  for (const token of state.accessTokens.values()) {
    if (token.grantId === grant.id && token.revokedAt === null) token.revokedAt = now;
  }
  // Refresh tokens are refused through grant.revokedAt; they stay stored so reuse can still be recognised.
}
