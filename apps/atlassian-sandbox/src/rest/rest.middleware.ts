import { NextFunction, Request, RequestHandler, Response } from 'express';
import { serveFault } from '../oauth/fault-response';
import { OpenApiValidator } from '../openapi/openapi-validator';
import { SandboxState } from '../state/sandbox-state';
import { ErrorDialect, RestDialect, RestRequestError, sendGatewayError } from './rest-dialect';

/** Coerced, validated parameters of the current operation. */
export interface ValidatedParams {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

export function paramsOf(res: Response): ValidatedParams {
  return res.locals.params as ValidatedParams;
}

/** Injected faults (rate limit, outage, delay) answer instead of the call, with Retry-After when set. */
export function serveFaults(state: SandboxState): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const fault = state.takeFault('api');
    if (!fault) return next();
    const sendError = (status: number) => {
      if (fault.retryAfterSeconds !== undefined && status === 429) {
        res.setHeader(
          'X-RateLimit-Reset',
          new Date(state.now() + fault.retryAfterSeconds * 1000).toISOString(),
        );
      }
      const messages: Record<number, string> = { 429: 'Rate limit exceeded', 503: 'Service Unavailable' };
      sendGatewayError(res, status, messages[status] ?? 'Injected fault');
    };
    serveFault(res, fault, state.counters, sendError, next);
  };
}

/** A request the document rejects gets the 400 a strict server gives, naming every problem. */
export function validateRequest(
  dialect: RestDialect,
  validator: OpenApiValidator,
  method: string,
  path: string,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const check = validator.validateRequest(method, path, {
      params: req.params as Record<string, string>,
      query: req.query as Record<string, unknown>,
      body: req.body,
    });
    if (!check.ok) return dialect.sendError(res, 400, check.problems);
    res.locals.params = { path: check.path, query: check.query } satisfies ValidatedParams;
    next();
  };
}

type ResponseMode = 'fail' | 'warn' | 'off';

/** fail (default outside production): a response that breaks the document becomes a 500 naming why. */
function responseMode(): ResponseMode {
  const mode = process.env.SANDBOX_VALIDATE_RESPONSES;
  if (mode === 'fail' || mode === 'warn' || mode === 'off') return mode;
  return process.env.NODE_ENV === 'production' ? 'off' : 'fail';
}

export function validateResponses(
  dialect: RestDialect,
  validator: OpenApiValidator,
  method: string,
  path: string,
): RequestHandler {
  return checkAnswers(dialect, `the OpenAPI document (${method.toUpperCase()} ${path})`, (status, body) =>
    validator.validateResponse(method, path, status, body),
  );
}

/**
 * Checks every JSON answer of a route with `problemsOf` before it leaves (`against` names what it is
 * checked against); how a broken one is treated follows `responseMode()`.
 */
export function checkAnswers(
  dialect: ErrorDialect,
  against: string,
  problemsOf: (status: number, body: unknown) => string[],
): RequestHandler {
  const mode = responseMode();
  return (_req: Request, res: Response, next: NextFunction) => {
    if (mode === 'off') return next();
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const problems = problemsOf(res.statusCode, body);
      if (problems.length === 0) return json(body);
      const message = `sandbox response breaks ${against}: ${problems.join('; ')}`;
      process.stderr.write(`[atlassian-sandbox] ${message}\n`);
      if (mode === 'warn') return json(body);
      res.json = json;
      dialect.sendError(res, 500, [message]);
      return res;
    };
    next();
  };
}

/** Operations the document has but the sandbox does not: 501, so a missing stand-in is obvious. */
export function unknownOperation(dialect: RestDialect, validator: OpenApiValidator): RequestHandler {
  return (req: Request, res: Response) => {
    const template = validator.templateOf(`${dialect.documentPrefix}${req.path}`);
    if (template && validator.hasOperation(req.method, template)) {
      return dialect.sendError(res, 501, [`The sandbox does not implement ${req.method} ${template}`]);
    }
    dialect.sendError(res, 404, ['Not Found']);
  };
}

/** Refusals thrown by handlers, and body-parsing errors, in the product's error shape. */
export function restErrors(dialect: ErrorDialect) {
  return (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    const e = err as { type?: string };
    if (res.headersSent) return next(err);
    if (err instanceof RestRequestError) return dialect.sendError(res, err.status, err.messages, err.fields);
    if (e.type === 'entity.too.large') return dialect.sendError(res, 413, ['Request body is over 5 MB']);
    if (e.type === 'entity.parse.failed')
      return dialect.sendError(res, 400, ['Request body is not valid JSON']);
    next(err);
  };
}
