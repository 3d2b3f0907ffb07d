import { NextFunction, Request, RequestHandler, Response } from 'express';
import { authenticateBearer } from '../oauth/bearer-auth';
import { Site } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { SCOPE_MISMATCH, sendGatewayError, sendV2Error } from './confluence-errors';

/** Who is calling which site, set on res.locals.confluence by the two authentication middlewares. */
export interface ConfluenceCaller {
  site: Site;
  accountId: string;
  /** Granted OAuth scopes; Basic auth (a user's API token) is not scope-limited. */
  scopes: ReadonlySet<string> | 'all';
}

export function callerOf(res: Response): ConfluenceCaller {
  return res.locals.confluence as ConfluenceCaller;
}

/** api.atlassian.com/ex/confluence/{cloudId}: a 3LO access token whose grant covers that site. */
export function bearerAuth(state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = authenticateBearer(state, req.headers.authorization);
    if (!auth.ok) {
      res.status(auth.status).json(auth.body);
      return;
    }
    const cloudId = String(req.params.cloudId);
    const site = state.sites.get(cloudId);
    // The gateway does not say whether the site exists when the token may not reach it.
    if (!site || !auth.grant.siteIds.includes(cloudId) || !auth.user.siteIds.includes(cloudId)) {
      sendGatewayError(res, 401, 'Unauthorized');
      return;
    }
    res.locals.confluence = { site, accountId: auth.user.accountId, scopes: new Set(auth.token.scopes) };
    next();
  };
}

/** <site>.atlassian.net: HTTP Basic with a site user's email and API token; a 3LO token is refused. */
export function basicAuth(state: SandboxState): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const site = state.siteByName(String(req.params.siteName));
    if (!site) {
      sendV2Error(res, 404, 'No Confluence site answers at this address');
      return;
    }
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    const [email, ...rest] = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':') : [];
    const user = email ? state.userByEmail(email) : undefined;
    if (!user || user.apiToken !== rest.join(':') || !user.siteIds.includes(site.cloudId)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Confluence"');
      sendV2Error(res, 401, 'Unauthorized');
      return;
    }
    res.locals.confluence = { site, accountId: user.accountId, scopes: 'all' };
    next();
  };
}

/** A missing scope is a 401 on Atlassian (not 403), recognisable by its failure-category header. */
export function requireScopes(scopes: string[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const granted = callerOf(res).scopes;
    if (granted !== 'all' && !scopes.every((s) => granted.has(s))) {
      res.setHeader('X-Failure-Category', 'FAILURE_CLIENT_SCOPE_CHECK');
      sendGatewayError(res, 401, SCOPE_MISMATCH);
      return;
    }
    next();
  };
}
