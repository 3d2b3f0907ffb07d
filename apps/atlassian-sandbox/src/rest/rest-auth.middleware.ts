import { NextFunction, Request, RequestHandler, Response } from 'express';
import { authenticateBearer } from '../oauth/bearer-auth';
import { Site } from '../state/sandbox-model';
import { SandboxState } from '../state/sandbox-state';
import { ErrorDialect, SCOPE_MISMATCH, sendGatewayError } from './rest-dialect';

/** Who is calling which site, set on res.locals.caller by the two authentication middlewares. */
export interface RestCaller {
  site: Site;
  accountId: string;
  /** Granted OAuth scopes; Basic auth (a user's API token) is not scope-limited. */
  scopes: ReadonlySet<string> | 'all';
}

export function callerOf(res: Response): RestCaller {
  return res.locals.caller as RestCaller;
}

/** api.atlassian.com/ex/{product}/{cloudId}: a 3LO access token whose grant covers that site. */
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
    res.locals.caller = {
      site,
      accountId: auth.user.accountId,
      scopes: new Set(auth.token.scopes),
    } satisfies RestCaller;
    next();
  };
}

/** <site>.atlassian.net: HTTP Basic with a site user's email and API token; a 3LO token is refused. */
export function basicAuth(state: SandboxState, dialect: ErrorDialect): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const site = state.siteByName(String(req.params.siteName));
    if (!site) {
      dialect.sendError(res, 404, [`No ${dialect.realm} site answers at this address`]);
      return;
    }
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.authorization ?? '');
    const [email, ...rest] = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':') : [];
    const user = email ? state.userByEmail(email) : undefined;
    if (!user || user.apiToken !== rest.join(':') || !user.siteIds.includes(site.cloudId)) {
      res.setHeader('WWW-Authenticate', `Basic realm="${dialect.realm}"`);
      dialect.sendError(res, 401, ['Unauthorized']);
      return;
    }
    res.locals.caller = { site, accountId: user.accountId, scopes: 'all' } satisfies RestCaller;
    next();
  };
}

/**
 * The token must hold one of the scope sets the operation lists (in its document), whole. A missing scope is a 401
 * on Atlassian (not 403), recognisable by its failure-category header.
 */
export function requireScopes(alternatives: string[][]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const granted = callerOf(res).scopes;
    const allowed =
      granted === 'all' ||
      alternatives.length === 0 ||
      alternatives.some((set) => set.every((s) => granted.has(s)));
    if (!allowed) {
      res.setHeader('X-Failure-Category', 'FAILURE_CLIENT_SCOPE_CHECK');
      sendGatewayError(res, 401, SCOPE_MISMATCH);
      return;
    }
    next();
  };
}
