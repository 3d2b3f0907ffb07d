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
 * does), so nothing in the product can come to rely on it.
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
  const basic = basicAuth(state, CONFLUENCE_V2);
  app.use('/ex/confluence/:cloudId/wiki/api/v2', count, bearerAuth(state), v2);
  app.use('/sites/:siteName/wiki/api/v2', count, basic, v2);
  app.use('/ex/confluence/:cloudId/wiki/rest/api/content', count, bearerAuth(state), gone);
  app.use('/sites/:siteName/wiki/rest/api/content', count, basic, gone);
}
