import { Injectable, NestMiddleware } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { CORRELATION_ID_HEADER } from './correlation-id';
import { runWithCorrelation } from './correlation-context';

/** Runs the rest of the request inside its correlation context (the id pino-http gave it). */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
    const id = typeof req.id === 'string' ? req.id : String(res.getHeader(CORRELATION_ID_HEADER) ?? '');
    if (!id) return next();
    runWithCorrelation({ correlationId: id }, next);
  }
}
