import { Response } from 'express';

/**
 * Two error shapes, as on Atlassian: the api.atlassian.com gateway (token, scope, rate limit)
 * answers `{ code, message }`; Confluence REST v2 itself answers `{ errors: [{ status, code, title, detail }] }`.
 */
export function sendGatewayError(res: Response, status: number, message: string): void {
  res.status(status).json({ code: status, message });
}

const codes: Record<number, string> = {
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  501: 'NOT_IMPLEMENTED',
};

export function sendV2Error(res: Response, status: number, ...titles: string[]): void {
  res.status(status).json({
    errors: titles.map((title) => ({ status, code: codes[status] ?? 'ERROR', title, detail: null })),
  });
}

export const SCOPE_MISMATCH = 'Unauthorized; scope does not match';
