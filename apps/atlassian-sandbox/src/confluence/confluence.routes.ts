import { Express, NextFunction, Request, Response } from 'express';
import { openApiValidator } from '../openapi/openapi-validator';
import { basicAuth, bearerAuth } from '../rest/rest-auth.middleware';
import { SandboxState } from '../state/sandbox-state';
import { CONFLUENCE_V2 } from './confluence-errors';
import { CONFLUENCE_V1 } from './confluence-v1-errors';
import { createConfluenceV1Router } from './confluence-v1.router';
import { createConfluenceV2Router } from './confluence-v2.router';

/**
 * Confluence Cloud REST twice, as Atlassian serves it:
 *   /ex/confluence/{cloudId}/wiki/...  api.atlassian.com gateway, 3LO Bearer token
 *   /sites/{site}/wiki/...             <site>.atlassian.net, Basic email:API token
 * REST v2 (`/wiki/api/v2`) is checked against Atlassian's vendored v2 document. Of REST v1
 * (`/wiki/rest/api`) only what Atlassian still serves and v2 lacks is there: add labels and CQL
 * search, checked by schemas written here from Atlassian's v1 reference (no v1 document could be
 * vendored); the removed v1 content API answers 410 (after authentication, as the gateway does), so
 * nothing in the product can come to rely on it.
 */
export function mountConfluenceRoutes(app: Express, state: SandboxState): void {
  // Loaded at start-up so a missing document fails loudly, not on the first call.
  const v2 = createConfluenceV2Router(state, openApiValidator('confluence'));
  const v1 = createConfluenceV1Router(state);
  const count = (_req: Request, _res: Response, next: NextFunction) => {
    state.counters.apiCalls += 1;
    next();
  };
  app.use('/ex/confluence/:cloudId/wiki/api/v2', count, bearerAuth(state), v2);
  app.use('/sites/:siteName/wiki/api/v2', count, basicAuth(state, CONFLUENCE_V2), v2);
  app.use('/ex/confluence/:cloudId/wiki/rest/api', count, bearerAuth(state), v1);
  app.use('/sites/:siteName/wiki/rest/api', count, basicAuth(state, CONFLUENCE_V1), v1);
}
