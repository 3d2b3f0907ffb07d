import { Response } from 'express';
import { ErrorDialect } from '../rest/rest-dialect';

/**
 * Confluence REST v1's own error body: `{ statusCode, message }`, and for a request it refuses as
 * invalid, `data` listing each problem the way v1 does (`errors[].message.translation`).
 */
export function sendV1Error(res: Response, status: number, messages: string[]): void {
  const data =
    status === 400 && messages.length > 0
      ? {
          data: {
            authorized: true,
            valid: false,
            errors: messages.map((translation) => ({ message: { translation, args: [] } })),
            successful: false,
          },
        }
      : {};
  res.status(status).json({ statusCode: status, ...data, message: messages.join('; ') });
}

export const CONFLUENCE_V1: ErrorDialect = {
  realm: 'Confluence',
  sendError: (res, status, messages, fields = {}) =>
    sendV1Error(res, status, [...messages, ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`)]),
};
