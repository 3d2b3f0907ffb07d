import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Logger } from 'pino';
import { HttpRequest, HttpResponse } from '../http/http-types';
import { SERVICE_LOGGER } from '../service-kit.tokens';
import { databaseBusyReason } from './database-busy';
import { buildProblem, codeForStatus, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';
import { ProblemException } from './problem.exception';

interface Answer {
  problem: ProblemDetails;
  headers?: Record<string, string>;
}

/** What body-parser (via http-errors) throws: a status and whether its message is safe to show. */
interface ClientHttpError {
  status: number;
  expose?: boolean;
  message: string;
}

/**
 * Every error leaves the service as application/problem+json. Anything we did not mean to
 * show becomes a 500 with an errorId; the stack goes to the log under that id, never to
 * the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(SERVICE_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<HttpRequest>();
    const response = host.switchToHttp().getResponse<HttpResponse>();
    const { problem, headers } = this.answerFor(exception, request);

    if (response.headersSent) {
      // Too late for a problem document; cut the connection so the client sees a failure.
      response.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    if (problem.status === 401 && !response.hasHeader('WWW-Authenticate')) {
      response.setHeader('WWW-Authenticate', 'Bearer');
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private answerFor(exception: unknown, request: HttpRequest): Answer {
    if (exception instanceof ProblemException) {
      return { problem: exception.problem, headers: exception.headers };
    }
    if (exception instanceof HttpException && exception.getStatus() !== 500) {
      const status = exception.getStatus();
      return { problem: buildProblem(status, codeForStatus(status), messageOf(exception)) };
    }
    if (isClientHttpError(exception)) {
      return { problem: buildProblem(exception.status, codeForStatus(exception.status), exception.message) };
    }
    const busy = databaseBusyReason(exception);
    if (busy) {
      // Overload, not a bug: the bulkhead did its job, and the caller may try again shortly.
      (request.log ?? this.logger).warn({ reason: busy }, 'database busy; answered 503');
      return {
        problem: buildProblem(503, 'database_busy', 'The service is busy right now; try again shortly.'),
        headers: { 'Retry-After': '1' },
      };
    }
    const errorId = randomUUID();
    (request.log ?? this.logger).error(
      { err: exception, errorId },
      'unhandled error while serving a request',
    );
    return {
      problem: buildProblem(
        500,
        'internal_error',
        'Something went wrong on our side. Quote the errorId if you report it.',
        {
          errorId,
        },
      ),
    };
  }
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

function isClientHttpError(error: unknown): error is ClientHttpError {
  const candidate = error as Partial<ClientHttpError> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    candidate.expose === true &&
    typeof candidate.message === 'string'
  );
}
