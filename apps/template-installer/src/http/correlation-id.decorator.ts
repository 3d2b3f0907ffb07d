import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** The request's correlation id (pino-http set it from x-correlation-id or minted one), for events. */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ id?: unknown }>();
  return typeof request.id === 'string' && request.id.length > 0 ? request.id : randomUUID();
});
