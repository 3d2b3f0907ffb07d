import { TokenEndpointError } from './oauth-profile';

/**
 * What a failed refresh means, and so what to remember:
 * - `grant_rejected`: the provider refused this grant (invalid_grant, a revoked or expired grant):
 *   final for this one connection, which needs a new consent.
 * - `client_rejected`: the provider refused the client (401, invalid_client): the profile is
 *   wrong, not the connection. Reported once for the profile; its connections stay as they are.
 * - `transient`: 408, 429, 5xx, network errors, timeouts and answers that are not OAuth errors
 *   (HTML pages from a proxy): try again after a cool-down, honouring Retry-After.
 */
export type TokenFailure =
  | { kind: 'grant_rejected'; reason: string }
  | { kind: 'client_rejected'; reason: string }
  | { kind: 'transient'; reason: string; retryAfterMs: number | null };

const TRANSIENT_STATUSES = new Set([408, 429]);

export function classifyTokenFailure(error: TokenEndpointError): TokenFailure {
  const { status, error: code } = error;
  // The provider's error code is its text, not ours: kept short for the event and the log.
  const answer = `${status ?? 'no answer'} ${code?.slice(0, 100) ?? ''}`.trim();
  if (status === 401 || code === 'invalid_client') {
    return { kind: 'client_rejected', reason: `the provider rejected the client (${answer})` };
  }
  const oauthRefusal =
    status !== null && status >= 400 && status < 500 && !TRANSIENT_STATUSES.has(status) && code !== null;
  if (oauthRefusal) return { kind: 'grant_rejected', reason: `the provider refused the refresh (${answer})` };
  const reason =
    status === null
      ? `the token endpoint could not be reached (${error.description?.slice(0, 200) ?? 'no answer'})`
      : `the token endpoint answered ${answer}`;
  return { kind: 'transient', reason, retryAfterMs: error.retryAfterMs };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
