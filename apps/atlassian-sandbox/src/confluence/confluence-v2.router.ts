import express, { Router } from 'express';
import { SandboxState } from '../state/sandbox-state';
import { requireScopes } from './confluence-auth.middleware';
import { confluenceHandlers } from './confluence-content.handlers';
import {
  confluenceErrors,
  serveFaults,
  unknownOperation,
  validateRequest,
  validateResponses,
} from './confluence-v2.middleware';
import { OpenApiValidator } from './openapi-validator';

/**
 * Confluence REST v2, mounted behind an authentication middleware (3LO gateway or site Basic).
 * Each operation: scope check (the document's own scopes), body parsing, request validation,
 * response validation, then the handler.
 */
export function createConfluenceV2Router(state: SandboxState, validator: OpenApiValidator): Router {
  const router = Router({ mergeParams: true });
  const h = confluenceHandlers(state);
  router.use(serveFaults(state));
  const route = (method: 'get' | 'post', path: string, handler: express.RequestHandler) => {
    router[method](
      path.replace(/\{(\w+)\}/g, ':$1'),
      requireScopes(validator.requiredScopes(method, path)),
      express.json({ limit: '5mb' }),
      validateRequest(validator, method, path),
      validateResponses(validator, method, path),
      handler,
    );
  };
  route('get', '/spaces', h.listSpaces);
  route('get', '/spaces/{id}', h.getSpace);
  route('get', '/spaces/{id}/pages', h.listContent('page', true));
  route('get', '/spaces/{id}/blogposts', h.listContent('blogpost', true));
  route('get', '/pages', h.listContent('page', false));
  route('post', '/pages', h.create('page'));
  route('get', '/pages/{id}', h.getContent('page'));
  route('get', '/blogposts', h.listContent('blogpost', false));
  route('post', '/blogposts', h.create('blogpost'));
  route('get', '/blogposts/{id}', h.getContent('blogpost'));
  router.use(unknownOperation(validator));
  router.use(confluenceErrors);
  return router;
}
