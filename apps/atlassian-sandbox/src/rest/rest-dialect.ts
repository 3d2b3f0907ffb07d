import { Response } from 'express';
import { ApiName } from '../openapi/vendored-documents';

/** How a product's API answers errors, and challenges Basic callers on its sites. */
export interface ErrorDialect {
  /** Realm of the site's `WWW-Authenticate: Basic` challenge. */
  realm: string;
  /** The product's error body: messages, and for products that have them, messages per field. */
  sendError(res: Response, status: number, messages: string[], fields?: Record<string, string>): void;
}

/**
 * What differs between the REST APIs the sandbox serves behind the same gateway and checks against
 * a vendored document: the document, where its paths start, and the product's own error body.
 */
export interface RestDialect extends ErrorDialect {
  api: ApiName;
  /** The document's path prefix under the mount point ('' for Confluence v2, '/rest/api/3' for Jira). */
  documentPrefix: string;
}

/** A request the product refuses; thrown by handlers, answered in the product's error shape. */
export class RestRequestError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
    readonly fields: Record<string, string> = {},
  ) {
    super(messages.join('; ') || Object.values(fields).join('; '));
  }
}

/**
 * The api.atlassian.com gateway (token, scope, rate limit) answers `{ code, message }` whatever the
 * product behind it.
 */
export function sendGatewayError(res: Response, status: number, message: string): void {
  res.status(status).json({ code: status, message });
}

export const SCOPE_MISMATCH = 'Unauthorized; scope does not match';
