import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ProblemException } from '../errors/problem.exception';

type ErrorMiddleware = (
  error: unknown,
  request: unknown,
  response: unknown,
  next: (error: unknown) => void,
) => void;

/**
 * Nest turns body-parser's JSON SyntaxError into a bare BadRequestException, and the filter
 * could no longer tell a broken body from any other 400. This error middleware sits between
 * the routes and Nest's error handler (module init runs in that gap) and names it first.
 */
@Injectable()
export class BodyParserErrors implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const nameMalformedJson: ErrorMiddleware = (error, _request, _response, next) => {
      next(
        (error as { type?: unknown } | null)?.type === 'entity.parse.failed'
          ? new ProblemException(400, 'malformed_json', 'The request body is not valid JSON.')
          : error,
      );
    };
    this.adapterHost.httpAdapter?.use(nameMalformedJson);
  }
}
