import { HttpRequest } from '../http/http-types';

/** The token from `Authorization: Bearer <token>`, or null when there is none. */
export function bearerTokenOf(request: HttpRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header);
  return match ? match[1] : null;
}
