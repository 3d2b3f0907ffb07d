import { ZodIssue, ZodTypeAny, z } from 'zod';
import { ProblemFieldError } from './problem-details';
import { ProblemException } from './problem.exception';

/**
 * Parses untrusted input; bad input becomes a 400 `validation_failed` listing every issue.
 * `location` ('body', 'query', 'params.appId', ...) prefixes each error path so the client
 * knows which part of the request was wrong.
 */
export function parseInput<S extends ZodTypeAny>(schema: S, value: unknown, location = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemException(
    400,
    'validation_failed',
    'The request is not valid; see errors for each problem.',
    result.error.issues.map((issue) => toFieldError(issue, location)),
  );
}

function toFieldError(issue: ZodIssue, location: string): ProblemFieldError {
  return { path: [location, ...issue.path].join('.'), message: issue.message };
}
