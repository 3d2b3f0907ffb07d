import { NextFunction, Request, RequestHandler, Response } from 'express';
import { serveFault } from '../oauth/fault-response';
import { SandboxState } from '../state/sandbox-state';
import { sendGatewayError, sendV2Error } from './confluence-errors';
import { InvalidCursorError } from './confluence-pagination';
import { OpenApiValidator } from './openapi-validator';

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
export function validateRequest(validator: OpenApiValidator, method: string, path: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const check = validator.validateRequest(method, path, {
      params: req.params as Record<string, string>,
      query: req.query as Record<string, unknown>,
      body: req.body,
    });
    if (!check.ok) return sendV2Error(res, 400, ...check.problems);
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

export function validateResponses(validator: OpenApiValidator, method: string, path: string): RequestHandler {
  const mode = responseMode();
  return (_req: Request, res: Response, next: NextFunction) => {
    if (mode === 'off') return next();
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const problems = validator.validateResponse(method, path, res.statusCode, body);
      if (problems.length === 0) return json(body);
      const message = `sandbox response breaks the OpenAPI document (${method.toUpperCase()} ${path}): ${problems.join('; ')}`;
      process.stderr.write(`[atlassian-sandbox] ${message}\n`);
      return mode === 'warn'
        ? json(body)
        : res.status(500).json({ errors: [{ status: 500, title: message }] });
    };
    next();
  };
}

/** Operations the document has but the sandbox does not: 501, so a missing stand-in is obvious. */
export function unknownOperation(validator: OpenApiValidator): RequestHandler {
  return (req: Request, res: Response) => {
    const template = validator.templateOf(req.path);
    if (template && validator.hasOperation(req.method, template)) {
      return sendV2Error(res, 501, `The sandbox does not implement ${req.method} ${template}`);
    }
    sendV2Error(res, 404, 'Not Found');
  };
}

/** Body parsing and cursor errors, in Confluence's error shape. */
export function confluenceErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number };
  if (res.headersSent) return next(err);
  if (err instanceof InvalidCursorError) return sendV2Error(res, 400, err.message);
  if (e.type === 'entity.too.large') return sendV2Error(res, 413, 'Request body is over 5 MB');
  if (e.type === 'entity.parse.failed') return sendV2Error(res, 400, 'Request body is not valid JSON');
  next(err);
}
