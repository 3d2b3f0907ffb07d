import express, { RequestHandler, Router } from 'express';
import { OpenApiValidator } from '../openapi/openapi-validator';
import { SandboxState } from '../state/sandbox-state';
import { requireScopes } from './rest-auth.middleware';
import { RestDialect } from './rest-dialect';
import {
  restErrors,
  serveFaults,
  unknownOperation,
  validateRequest,
  validateResponses,
} from './rest.middleware';

export interface RestRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The operation's path template in the document (`/pages/{id}`, `/rest/api/3/issue/{issueIdOrKey}`). */
  path: string;
  handler: RequestHandler;
}

/**
 * One product's REST API, mounted behind an authentication middleware (3LO gateway or site Basic).
 * Each operation: injected faults, scope check (the document's own scopes), body parsing, request
 * validation, response validation, then the handler. Operations of the document that no route
 * serves answer 501, other paths 404, all in the product's error shape.
 */
export function createRestRouter(
  state: SandboxState,
  dialect: RestDialect,
  validator: OpenApiValidator,
  routes: RestRoute[],
): Router {
  const router = Router({ mergeParams: true });
  router.use(serveFaults(state));
  for (const { method, path, handler } of routes) {
    if (!path.startsWith(dialect.documentPrefix) || !validator.hasOperation(method, path)) {
      throw new Error(`${method.toUpperCase()} ${path} is not an operation of the ${dialect.api} document`);
    }
    router[method](
      path.slice(dialect.documentPrefix.length).replace(/\{(\w+)\}/g, ':$1'),
      // `/issue/createmeta` is its own operation, not the issue "createmeta": a literal path wins.
      (req, _res, next) =>
        next(validator.templateOf(`${dialect.documentPrefix}${req.path}`) === path ? undefined : 'route'),
      requireScopes(validator.requiredScopes(method, path)),
      express.json({ limit: '5mb' }),
      validateRequest(dialect, validator, method, path),
      validateResponses(dialect, validator, method, path),
      handler,
    );
  }
  router.use(unknownOperation(dialect, validator));
  router.use(restErrors(dialect));
  return router;
}
