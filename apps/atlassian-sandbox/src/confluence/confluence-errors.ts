import { Response } from 'express';
import { RestDialect } from '../rest/rest-dialect';

const codes: Record<number, string> = {
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
  501: 'NOT_IMPLEMENTED',
};

/** Confluence REST v2's own error body: `{ errors: [{ status, code, title, detail }] }`. */
export function sendV2Error(res: Response, status: number, ...titles: string[]): void {
  res.status(status).json({
    errors: titles.map((title) => ({ status, code: codes[status] ?? 'ERROR', title, detail: null })),
  });
}

export const CONFLUENCE_V2: RestDialect = {
  api: 'confluence',
  documentPrefix: '',
  realm: 'Confluence',
  sendError: (res, status, messages, fields = {}) =>
    sendV2Error(res, status, ...messages, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)),
};
