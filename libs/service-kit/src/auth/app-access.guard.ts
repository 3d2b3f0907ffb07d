import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../errors/problem.exception';
import { HttpRequest } from '../http/http-types';
import { bearerTokenOf } from './bearer-token';
import { IS_PUBLIC } from './public.decorator';
import { isInternalRoute } from './route-template';
import { TokenVerifier, unauthorized } from './token-verifier';

/**
 * Global guard for every route that is neither @Public() nor under /internal: a valid user
 * token is required, and when the route has an :appId the token's `apps` must list it.
 */
@Injectable()
export class AppAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (isPublic(this.reflector, context) || isInternalRoute(request)) return true;

    const token = bearerTokenOf(request);
    if (!token) throw unauthorized('A bearer token is required.', false);
    const principal = await this.verifier.verifyAppToken(token);

    const appId = request.params.appId;
    if (appId !== undefined && !principal.apps.includes(appId)) {
      // 404, not 403: a caller must not learn that someone else's app exists.
      throw new ProblemException(404, 'not_found', 'The requested resource was not found.');
    }
    request.principal = principal;
    return true;
  }
}

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}
