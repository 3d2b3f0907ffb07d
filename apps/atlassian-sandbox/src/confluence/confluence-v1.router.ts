import express, { Request, Response, Router } from 'express';
import { requireScopes } from '../rest/rest-auth.middleware';
import { checkAnswers, restErrors, serveFaults } from '../rest/rest.middleware';
import { SandboxState } from '../state/sandbox-state';
import { CONFLUENCE_V1, sendV1Error } from './confluence-v1-errors';
import { confluenceV1Handlers } from './confluence-v1.handlers';
import {
  ADD_LABEL_SCOPES,
  answerProblems,
  labelArray,
  SEARCH_SCOPES,
  searchPage,
} from './confluence-v1-schemas';

// Not a vendored document: Atlassian's v1 reference, written down as zod schemas in this project.
const AGAINST = 'the hand-written Confluence v1 schema (confluence-v1-schemas.ts)';

/**
 * Confluence REST v1 under `/wiki/rest/api`, as far as Atlassian still serves it and the templates
 * need it: add labels to content, and CQL search (REST v2 has neither). Each: injected faults, the
 * scope check (a 401 with X-Failure-Category, as on v2), strict request checks, answers checked
 * before they leave. The rest of the removed content API answers 410; other methods on the two
 * paths, and other v1 routes, 501 (not served here); all in v1's error shape.
 */
export function createConfluenceV1Router(state: SandboxState): Router {
  const h = confluenceV1Handlers(state);
  const router = Router({ mergeParams: true });
  router.post(
    '/content/:id/label',
    serveFaults(state),
    requireScopes(ADD_LABEL_SCOPES),
    checkAnswers(CONFLUENCE_V1, `${AGAINST} (POST /content/{id}/label)`, answerProblems(labelArray)),
    express.json({ limit: '5mb' }),
    h.addLabels,
  );
  router.get(
    '/search',
    serveFaults(state),
    requireScopes(SEARCH_SCOPES),
    checkAnswers(CONFLUENCE_V1, `${AGAINST} (GET /search)`, answerProblems(searchPage)),
    h.search,
  );
  for (const [path, template] of [
    ['/content/:id/label', '/content/{id}/label'],
    ['/search', '/search'],
  ]) {
    router.all(path, (req: Request, res: Response) =>
      sendV1Error(res, 501, [`The sandbox does not implement ${req.method} /wiki/rest/api${template}`]),
    );
  }
  router.use('/content', (_req: Request, res: Response) =>
    sendV1Error(res, 410, ['This deprecated endpoint has been removed']),
  );
  // Atlassian may still serve other v1 routes; the sandbox does not, and says so.
  router.use((req: Request, res: Response) =>
    sendV1Error(res, 501, [
      `The sandbox does not serve ${req.method} /wiki/rest/api${req.path}: of Confluence REST v1 it serves only add-label and CQL search`,
    ]),
  );
  router.use(restErrors(CONFLUENCE_V1));
  return router;
}
