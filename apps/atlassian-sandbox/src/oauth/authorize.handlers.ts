import { Request, Response } from 'express';
import { OAuthClient, SandboxUser, Site } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { AuthorizeParams, consentPage, errorPage, userPickerPage } from './consent-page';
import { consentGrant, issueCode } from './oauth-grants';

type Checked = { ok: true; client: OAuthClient } | { ok: false; message: string };

const text = (source: Record<string, unknown>, name: string): string =>
  typeof source[name] === 'string' ? (source[name] as string) : '';

function readParams(source: Record<string, unknown>): AuthorizeParams {
  const names = [
    'audience',
    'client_id',
    'redirect_uri',
    'response_type',
    'scope',
    'state',
    'prompt',
    'code_challenge',
    'code_challenge_method',
  ] as const;
  return Object.fromEntries(names.map((n) => [n, text(source, n)])) as unknown as AuthorizeParams;
}

/**
 * Checked on GET and again on the POSTed decision (the hidden fields could have been edited).
 * Any failure is an error page: a redirect is only ever sent to a URI registered for the client.
 */
function checkRequest(state: SandboxState, params: AuthorizeParams): Checked {
  const client = state.clients.get(params.client_id);
  if (!client) return { ok: false, message: `Unknown client_id "${params.client_id}".` };
  if (!client.redirectUris.includes(params.redirect_uri)) {
    return { ok: false, message: 'The redirect_uri is not registered for this app (exact match required).' };
  }
  if (params.audience !== 'api.atlassian.com') {
    return { ok: false, message: `Invalid audience "${params.audience}": expected api.atlassian.com.` };
  }
  if (params.response_type !== 'code') {
    return { ok: false, message: `Unsupported response_type "${params.response_type}": expected code.` };
  }
  if (!params.scope.trim()) return { ok: false, message: 'No scope was requested.' };
  const pkce = checkPkce(params);
  if (pkce) return { ok: false, message: pkce };
  return { ok: true, client };
}

// RFC 7636 §4.2: 43 to 128 unreserved characters (an S256 challenge is 43 of base64url).
const CHALLENGE = /^[A-Za-z0-9._~-]{43,128}$/;

/** A PKCE challenge is optional; when sent, it must be well formed with a method Atlassian takes. */
function checkPkce(params: AuthorizeParams): string | undefined {
  const method = params.code_challenge_method;
  if (!params.code_challenge) {
    return method ? 'code_challenge_method was sent without a code_challenge.' : undefined;
  }
  if (method && method !== 'S256' && method !== 'plain') {
    return `Unsupported code_challenge_method "${method}": expected S256.`;
  }
  if (!CHALLENGE.test(params.code_challenge)) return 'The code_challenge is malformed.';
  return undefined;
}

const sitesOf = (state: SandboxState, user: SandboxUser): Site[] =>
  user.siteIds.map((id) => state.sites.get(id)).filter((s): s is Site => s !== undefined);

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);
}

function redirectBack(res: Response, params: AuthorizeParams, values: Record<string, string>): void {
  const url = new URL(params.redirect_uri);
  for (const [k, v] of Object.entries(values)) url.searchParams.set(k, v);
  if (params.state) url.searchParams.set('state', params.state);
  res.redirect(302, url.toString());
}

/** GET /authorize: the user picker (no login_hint) or the consent page. */
export function authorizePageHandler(state: SandboxState, authorizePath: string, decisionPath: string) {
  return (req: Request, res: Response): void => {
    const query = req.query as Record<string, unknown>;
    const params = readParams(query);
    const checked = checkRequest(state, params);
    if (!checked.ok) return sendPage(res, 400, errorPage(checked.message));
    const hint = text(query, 'login_hint');
    if (!hint) {
      const users = [...state.users.values()].map((user) => ({ user, sites: sitesOf(state, user) }));
      return sendPage(res, 200, userPickerPage(authorizePath, params, users));
    }
    const user = state.userByEmail(hint);
    if (!user) return sendPage(res, 400, errorPage(`No sandbox user has the email "${hint}".`));
    const sites = sitesOf(state, user);
    if (sites.length === 0)
      return sendPage(res, 400, errorPage(`${user.email} has no site to use the app on.`));
    const siteUrl = (site: Site) => state.siteBaseUrl(site);
    sendPage(
      res,
      200,
      consentPage({ action: decisionPath, params, client: checked.client, user, sites, siteUrl }),
    );
  };
}

/** POST /authorize/decision: the consent form's Allow or Deny. */
export function authorizeDecisionHandler(state: SandboxState) {
  return (req: Request, res: Response): void => {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const params = readParams(body);
    const checked = checkRequest(state, params);
    if (!checked.ok) return sendPage(res, 400, errorPage(checked.message));
    const user = state.users.get(text(body, 'account_id'));
    if (!user) return sendPage(res, 400, errorPage('Unknown account.'));
    const decision = text(body, 'decision');
    if (decision === 'deny') {
      return redirectBack(res, params, {
        error: 'access_denied',
        error_description: 'User did not authorize the request',
      });
    }
    if (decision !== 'allow') return sendPage(res, 400, errorPage('Choose Allow or Deny.'));
    const site = text(body, 'site');
    if (!user.siteIds.includes(site) || !state.sites.has(site)) {
      return sendPage(res, 400, errorPage('Choose the site to use the app on.'));
    }
    const grant = consentGrant(state, {
      clientId: checked.client.clientId,
      accountId: user.accountId,
      scopes: params.scope.split(' ').filter(Boolean),
      siteIds: [site],
    });
    const challenge = params.code_challenge
      ? {
          codeChallenge: params.code_challenge,
          // RFC 7636 §4.3: without a method the challenge is the verifier itself.
          codeChallengeMethod:
            params.code_challenge_method === 'S256' ? ('S256' as const) : ('plain' as const),
        }
      : { codeChallenge: null, codeChallengeMethod: null };
    redirectBack(res, params, { code: issueCode(state, grant, params.redirect_uri, challenge) });
  };
}
