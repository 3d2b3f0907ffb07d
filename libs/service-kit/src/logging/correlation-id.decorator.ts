import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/**
 * The request's correlation id (the caller's X-Correlation-Id, or the one minted for it), to
 * put on the events a request causes so one id follows a flow across services.
 */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const id = (context.switchToHttp().getRequest<{ id?: unknown }>().id ?? '') as unknown;
  return typeof id === 'string' && id.length > 0 ? id : randomUUID();
});
