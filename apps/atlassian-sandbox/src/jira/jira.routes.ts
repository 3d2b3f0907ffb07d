import { Express, NextFunction, Request, Response, Router } from 'express';
import { OpenApiValidator, openApiValidator } from '../openapi/openapi-validator';
import { basicAuth, bearerAuth } from '../rest/rest-auth.middleware';
import { createRestRouter } from '../rest/rest-router';
import { SandboxState } from '../state/sandbox-state';
import { JIRA_V3 } from './jira-errors';
import { jiraIssueHandlers } from './jira-issue.handlers';
import { jiraMetaHandlers } from './jira-meta.handlers';
import { jiraSearchHandlers } from './jira-search.handlers';

/** Jira Cloud REST v3: the operations the templates and a connector need, by the document's paths. */
export function createJiraV3Router(state: SandboxState, validator: OpenApiValidator): Router {
  const issue = jiraIssueHandlers(state);
  const search = jiraSearchHandlers(state);
  const meta = jiraMetaHandlers(state);
  const at = (path: string) => `/rest/api/3${path}`;
  return createRestRouter(state, JIRA_V3, validator, [
    { method: 'get', path: at('/myself'), handler: meta.myself },
    { method: 'get', path: at('/project/{projectIdOrKey}'), handler: meta.project },
    { method: 'post', path: at('/issue'), handler: issue.create },
    { method: 'get', path: at('/issue/{issueIdOrKey}'), handler: issue.get },
    { method: 'put', path: at('/issue/{issueIdOrKey}'), handler: issue.edit },
    { method: 'delete', path: at('/issue/{issueIdOrKey}'), handler: issue.remove },
    { method: 'get', path: at('/issue/{issueIdOrKey}/comment'), handler: issue.listComments },
    { method: 'post', path: at('/issue/{issueIdOrKey}/comment'), handler: issue.addComment },
    { method: 'get', path: at('/issue/{issueIdOrKey}/transitions'), handler: issue.listTransitions },
    { method: 'post', path: at('/issue/{issueIdOrKey}/transitions'), handler: issue.transition },
    { method: 'get', path: at('/search/jql'), handler: search.searchByQuery },
    { method: 'post', path: at('/search/jql'), handler: search.searchByBody },
    { method: 'post', path: at('/search/approximate-count'), handler: search.approximateCount },
  ]);
}

/**
 * Jira Cloud REST v3 twice, as Atlassian serves it:
 *   /ex/jira/{cloudId}/rest/api/3/...  api.atlassian.com gateway, 3LO Bearer token
 *   /sites/{site}/rest/api/3/...       <site>.atlassian.net, Basic email:API token
 * and the retired issue search (`/rest/api/3/search`, CHANGE-2046) answering 410 on both, after
 * authentication, so nothing in the product can come to rely on it.
 */
export function mountJiraRoutes(app: Express, state: SandboxState): void {
  // Loaded at start-up so a missing document fails loudly, not on the first call.
  const v3 = createJiraV3Router(state, openApiValidator('jira'));
  const count = (_req: Request, _res: Response, next: NextFunction) => {
    state.counters.apiCalls += 1;
    next();
  };
  const gone = (_req: Request, res: Response) =>
    JIRA_V3.sendError(res, 410, [
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. ' +
        'A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
    ]);
  const basic = basicAuth(state, JIRA_V3);
  app.all('/ex/jira/:cloudId/rest/api/3/search', count, bearerAuth(state), gone);
  app.all('/sites/:siteName/rest/api/3/search', count, basic, gone);
  app.use('/ex/jira/:cloudId/rest/api/3', count, bearerAuth(state), v3);
  app.use('/sites/:siteName/rest/api/3', count, basic, v3);
}
