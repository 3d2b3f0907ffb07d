import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

// The id is copied into every log line and echoed to the caller, so only accept
// something that looks like an id: no newlines, no megabyte-long values.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** pino-http genReqId: reuse the caller's correlation id or mint one, and echo it back. */
export function correlationIdOf(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers[CORRELATION_ID_HEADER];
  const candidate = Array.isArray(header) ? header[0] : header;
  const id = candidate && ACCEPTABLE_ID.test(candidate) ? candidate : randomUUID();
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}
