import { HttpException } from '@nestjs/common';
import { buildProblem, ProblemDetails, ProblemFieldError } from './problem-details';

/**
 * An error the client is meant to see, answered as application/problem+json. `code` is the
 * stable word from API.md (`action_not_configured`, ...); `detail` is for humans.
 */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;

  constructor(
    status: number,
    readonly code: string,
    detail: string,
    errors?: ProblemFieldError[],
    /** Extra response headers, e.g. WWW-Authenticate on a 401. */
    readonly headers: Record<string, string> = {},
  ) {
    const problem = buildProblem(status, code, detail, { errors });
    super(problem, status);
    this.problem = problem;
  }
}
