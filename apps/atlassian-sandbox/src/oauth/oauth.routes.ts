import express, { Express, NextFunction, Request, Response } from 'express';
import { SandboxState } from '../state/sandbox-state';
import { accessibleResourcesHandler } from './accessible-resources.handler';
import { authorizeDecisionHandler, authorizePageHandler } from './authorize.handlers';
import { tokenHandler } from './token.handler';

/** Where the OAuth endpoints live; the defaults are Atlassian's own paths (auth/api.atlassian.com). */
export interface OAuthPaths {
  authorize: string;
  token: string;
  accessibleResources: string;
}

export const DEFAULT_OAUTH_PATHS: OAuthPaths = {
  authorize: '/authorize',
  token: '/oauth/token',
  accessibleResources: '/oauth/token/accessible-resources',
};

/** OAuth 2.0 (3LO): consent, token endpoint, accessible-resources. */
export function mountOAuthRoutes(app: Express, state: SandboxState, paths: Partial<OAuthPaths> = {}): void {
  const p = { ...DEFAULT_OAUTH_PATHS, ...paths };
  const decisionPath = `${p.authorize}/decision`;
  // Atlassian's endpoint takes JSON, and form bodies too (it is Auth0 underneath).
  const bodies = [express.json(), express.urlencoded({ extended: false })];
  app.get(p.authorize, authorizePageHandler(state, p.authorize, decisionPath));
  app.post(decisionPath, express.urlencoded({ extended: false }), authorizeDecisionHandler(state));
  app.post(p.token, ...bodies, tokenHandler(state));
  app.get(p.accessibleResources, accessibleResourcesHandler(state));
  // A body that does not parse is the client's fault; answer like the token endpoint does.
  app.use(p.token, (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err as { status?: number }).status) return next(err);
    res
      .status(400)
      .json({ error: 'invalid_request', error_description: 'The request body could not be parsed' });
  });
}
