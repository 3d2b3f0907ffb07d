import { Express, NextFunction, Request, Response } from 'express';
import { openApiValidator } from '../openapi/openapi-validator';
import { basicAuth, bearerAuth } from '../rest/rest-auth.middleware';
import { SandboxState } from '../state/sandbox-state';
import { CONFLUENCE_V2 } from './confluence-errors';
import { createConfluenceV2Router } from './confluence-v2.router';

/**
 * Confluence Cloud REST v2 twice, as Atlassian serves it:
 *   /ex/confluence/{cloudId}/wiki/api/v2/...  api.atlassian.com gateway, 3LO Bearer token
 *   /sites/{site}/wiki/api/v2/...             <site>.atlassian.net, Basic email:API token
 * and the removed REST v1 content API answering 410 on both (after authentication, as the gateway
 * does), so nothing in the product can come to rely on it. v1's label and CQL search routes, which
 * Atlassian still serves, answer 501.
 */
export function mountConfluenceRoutes(app: Express, state: SandboxState): void {
  // Loaded at start-up so a missing document fails loudly, not on the first call.
  const v2 = createConfluenceV2Router(state, openApiValidator('confluence'));
  const count = (_req: Request, _res: Response, next: NextFunction) => {
    state.counters.apiCalls += 1;
    next();
  };
  const gone = (_req: Request, res: Response) => {
    res.status(410).json({ statusCode: 410, message: 'This deprecated endpoint has been removed' });
  };
  // Still current in v1 (v2 has no label write and no CQL search), but there is no v1 document to
  // validate against, so the sandbox does not pretend: 501, not the 410 of the removed routes.
  const unserved = (_req: Request, res: Response) => {
    res.status(501).json({
      statusCode: 501,
      message:
        'The sandbox does not serve Confluence REST v1 (labels, CQL search): no v1 document to validate it',
    });
  };
  const basic = basicAuth(state, CONFLUENCE_V2);
  for (const v1 of ['/wiki/rest/api/content/:id/label', '/wiki/rest/api/search']) {
    app.use(`/ex/confluence/:cloudId${v1}`, count, bearerAuth(state), unserved);
    app.use(`/sites/:siteName${v1}`, count, basic, unserved);
  }
  app.use('/ex/confluence/:cloudId/wiki/api/v2', count, bearerAuth(state), v2);
  app.use('/sites/:siteName/wiki/api/v2', count, basic, v2);
  app.use('/ex/confluence/:cloudId/wiki/rest/api/content', count, bearerAuth(state), gone);
  app.use('/sites/:siteName/wiki/rest/api/content', count, basic, gone);
}
