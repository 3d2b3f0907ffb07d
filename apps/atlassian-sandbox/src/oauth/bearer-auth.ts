import { AccessToken, Grant, SandboxUser } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';

export type BearerAuthResult =
  | { ok: true; token: AccessToken; grant: Grant; user: SandboxUser }
  | { ok: false; status: 401; body: { code: 401; message: string } };

// api.atlassian.com answers every unusable token (unknown, expired, revoked) with the same
// 401 body, so callers cannot tell the cases apart; the sandbox copies that.
const unauthorized = (): BearerAuthResult => ({
  ok: false,
  status: 401,
  body: { code: 401, message: 'Unauthorized' },
});

/**
 * Checks an `Authorization: Bearer <access token>` header against the sandbox's tokens.
 * Shared by accessible-resources and the Confluence gateway routes (/ex/confluence/...).
 * Scope checks are left to the caller: a missing scope has its own 401 body on Atlassian.
 */
export function authenticateBearer(
  state: SandboxState,
  authorizationHeader: string | undefined,
): BearerAuthResult {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorizationHeader ?? '');
  if (!match) return unauthorized();
  const token = state.accessTokens.get(match[1]);
  if (!token || token.revokedAt !== null || token.expiresAt <= state.now()) return unauthorized();
  const grant = state.grants.get(token.grantId);
  if (!grant || grant.revokedAt !== null) return unauthorized();
  const user = state.users.get(grant.accountId);
  if (!user) return unauthorized();
  return { ok: true, token, grant, user };
}
