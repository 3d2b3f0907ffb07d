import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpRequest } from '../http/http-types';
import { isPublic } from './app-access.guard';
import { bearerTokenOf } from './bearer-token';
import { isInternalRoute } from './route-template';
import { TokenVerifier, unauthorized } from './token-verifier';

/** Global guard for /internal routes: only a service token (audience actionhub-internal) gets through. */
@Injectable()
export class InternalServiceGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    if (!isInternalRoute(request) || isPublic(this.reflector, context)) return true;

    const token = bearerTokenOf(request);
    if (!token) throw unauthorized('A service token is required.', false);
    request.principal = await this.verifier.verifyServiceToken(token);
    return true;
  }
}
