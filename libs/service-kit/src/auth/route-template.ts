import { HttpRequest } from '../http/http-types';

/** The matched route's template (`/v1/apps/:appId/...`), falling back to the raw path. */
export function routeTemplateOf(request: HttpRequest): string {
  return request.route?.path ?? request.path;
}

// Express matches paths case-insensitively, so compare in lower case: /INTERNAL/v1 reaches
// the same handler and must meet the same guard.
export function isInternalRoute(request: HttpRequest): boolean {
  return routeTemplateOf(request).toLowerCase().startsWith('/internal/');
}
