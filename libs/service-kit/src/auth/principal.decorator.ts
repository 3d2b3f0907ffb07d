import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { HttpRequest } from '../http/http-types';

/**
 * The caller the guards verified: an AppPrincipal on /v1 routes, a ServicePrincipal on
 * /internal routes, undefined on @Public() routes.
 */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<HttpRequest>().principal,
);
