import { IncomingMessage, ServerResponse } from 'node:http';
import type {} from 'pino-http';

/**
 * The slice of Express's request and response this library touches. @types/express is not a
 * dependency of the workspace, and the slice keeps us honest about what we rely on.
 */
export interface HttpRequest extends IncomingMessage {
  params: Record<string, string | undefined>;
  path: string;
  /** Set by Express once a route matched; its `path` is the route template. */
  route?: { path: string };
  principal?: unknown;
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  type(contentType: string): this;
  send(body: string): this;
}
