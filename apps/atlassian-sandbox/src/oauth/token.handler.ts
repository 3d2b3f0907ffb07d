import { Request, Response } from 'express';
import { OAuthClient } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { sendEdgeError, serveFault } from './fault-response';
import {
  isGrantUsable,
  issueTokens,
  REFRESH_REUSE_LEEWAY_MS,
  REFRESH_TOKEN_IDLE_MS,
  revokeGrant,
  verifierMatches,
} from './oauth-grants';

type Body = Record<string, unknown>;

// The token endpoint's error bodies, word for word as Atlassian's (Auth0-based) endpoint sends them.
const oauthError = (res: Response, status: number, error: string, description: string) =>
  void res.status(status).json({ error, error_description: description });
const badClient = (res: Response) => oauthError(res, 401, 'access_denied', 'Unauthorized');
const unknownRefreshToken = (res: Response) =>
  oauthError(res, 403, 'invalid_grant', 'Unknown or invalid refresh token.');
const invalidCode = (res: Response) => oauthError(res, 403, 'invalid_grant', 'Invalid authorization code');

const field = (body: Body, name: string): string | undefined =>
  typeof body[name] === 'string' && body[name] !== '' ? (body[name] as string) : undefined;

/** client_secret_post (body) or client_secret_basic (Authorization header); Atlassian accepts both. */
function clientCredentials(req: Request, body: Body): { clientId?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      return {
        clientId: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      };
    }
  }
  return { clientId: field(body, 'client_id'), secret: field(body, 'client_secret') };
}

function authenticateClient(state: SandboxState, req: Request, body: Body): OAuthClient | undefined {
  const { clientId, secret } = clientCredentials(req, body);
  const client = clientId ? state.clients.get(clientId) : undefined;
  return client && secret !== undefined && client.clientSecret === secret ? client : undefined;
}

/** POST /oauth/token: authorization_code and refresh_token grants, JSON or form body. */
export function tokenHandler(state: SandboxState) {
  return (req: Request, res: Response): void => {
    state.counters.tokenRequests += 1;
    const body: Body = req.body && typeof req.body === 'object' ? (req.body as Body) : {};
    const fault = state.takeFault('token', clientCredentials(req, body).clientId);
    if (fault) {
      const sendError = fault.oauthError
        ? (status: number) => oauthError(res, status, fault.oauthError!, 'Injected fault')
        : sendEdgeError(res);
      return serveFault(res, fault, state.counters, sendError, () => grant(state, req, body, res));
    }
    grant(state, req, body, res);
  };
}

function grant(state: SandboxState, req: Request, body: Body, res: Response): void {
  const grantType = field(body, 'grant_type');
  if (!grantType) return oauthError(res, 400, 'invalid_request', 'Missing required parameter: grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }
  const client = authenticateClient(state, req, body);
  if (!client) return badClient(res);
  if (grantType === 'authorization_code') return exchangeCode(state, client, body, res);
  return refresh(state, client, body, res);
}

function exchangeCode(state: SandboxState, client: OAuthClient, body: Body, res: Response): void {
  const codeValue = field(body, 'code');
  if (!codeValue) return oauthError(res, 400, 'invalid_request', 'Missing required parameter: code');
  const code = state.codes.get(codeValue);
  // A code is single use and bound to the client and the redirect_uri it was issued for.
  if (!code || code.usedAt !== null || code.expiresAt <= state.now() || code.clientId !== client.clientId) {
    return invalidCode(res);
  }
  if (field(body, 'redirect_uri') !== code.redirectUri) {
    return oauthError(res, 403, 'invalid_grant', 'Redirect URI is wrong.');
  }
  // Atlassian (Auth0) refuses a wrong or missing verifier, and the code is spent either way.
  if (!verifierMatches(code, field(body, 'code_verifier'))) {
    code.usedAt = state.now();
    return oauthError(res, 403, 'invalid_grant', 'Failed to verify code verifier');
  }
  code.usedAt = state.now();
  const grant = state.grants.get(code.grantId);
  if (!grant || !isGrantUsable(state, grant)) return invalidCode(res);
  state.counters.authorizationCodeGrants += 1;
  res.json(issueTokens(state, grant));
}

function refresh(state: SandboxState, client: OAuthClient, body: Body, res: Response): void {
  const value = field(body, 'refresh_token');
  if (!value) return oauthError(res, 400, 'invalid_request', 'Missing required parameter: refresh_token');
  const token = state.refreshTokens.get(value);
  const grant = token ? state.grants.get(token.grantId) : undefined;
  if (!token || !grant || grant.clientId !== client.clientId || !isGrantUsable(state, grant)) {
    return unknownRefreshToken(res);
  }
  const now = state.now();
  if (token.retiredAt !== null && now - token.retiredAt > REFRESH_REUSE_LEEWAY_MS) {
    // Reuse of a rotated-out token after the leeway looks like theft: Atlassian revokes the grant.
    revokeGrant(state, grant);
    state.counters.refreshTokenReuseRevocations += 1;
    return oauthError(res, 403, 'unauthorized_client', 'refresh_token is invalid');
  }
  // Idle expiry counts from when this token was issued: every refresh issues a new one.
  if (now - token.issuedAt >= REFRESH_TOKEN_IDLE_MS) return unknownRefreshToken(res);
  // Inside the leeway a retired token works again, but its retirement time is kept: no endless leeway.
  if (token.retiredAt === null) token.retiredAt = now;
  state.counters.refreshTokenGrants += 1;
  res.json(issueTokens(state, grant));
}
