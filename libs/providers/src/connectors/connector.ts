import { JsonValue } from '@actionhub/contracts';

/** What auth-profiles' `connections/resolve` answers: the header to send and where to send it. */
export interface ConnectionCredentials {
  /** `Bearer ...` or `Basic ...`; never logged. */
  authorization: string;
  /** The provider API base the service nodes' paths are relative to. */
  apiBaseUrl: string;
}

export type PaginationStyle = 'next-link' | 'next-page-token';

export interface ConnectorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /**
   * Another API of the product, by the name its action declares (`ActionDefinition.apiBases`);
   * absent: the connection's `apiBaseUrl`.
   */
  api?: string;
  /** Relative to `apiBaseUrl` (or to the API named by `api`), already filled in. */
  path: string;
  query?: Record<string, string>;
  body?: JsonValue;
  /**
   * Gather every page of a list, up to `maxPages` requests, the way the API continues its lists
   * (`style`, default: the connector's own): `next-link` gathers `results`, `next-page-token` `issues`.
   */
  pagination?: { maxPages: number; style?: PaginationStyle };
}

export interface ConnectorResult {
  status: number;
  body: JsonValue;
  /** HTTP requests made, retries and further pages included. */
  requests: number;
}

/**
 * Why a call failed, in terms the caller acts on:
 * - `authorization_expired`: the token was refused; re-resolve the connection (which refreshes) and retry once.
 * - `scope_missing`: the token lacks a scope; a refresh cannot help, never retry.
 * - `rate_limited` / `unavailable`: 429 / 503 still answered after the bounded retries.
 * - `rejected`: any other 4xx (bad request, not found, too large).
 * - `failed`: a 5xx, a network error or timeout, or an answer that is not what the API documents.
 */
export type ConnectorFailureKind =
  'authorization_expired' | 'scope_missing' | 'rate_limited' | 'unavailable' | 'rejected' | 'failed';

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';

  constructor(
    readonly kind: ConnectorFailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** An action's API client: performs the calls of its dialogs' service nodes. */
export interface Connector {
  call(connection: ConnectionCredentials, request: ConnectorRequest): Promise<ConnectorResult>;
}

export interface ConnectorOptions {
  fetch?: typeof fetch;
  /** Waits between retries; tests may replace it. */
  sleep?: (ms: number) => Promise<void>;
  /** Retries after a 429 or 503 (so at most `maxRetries + 1` attempts). */
  maxRetries?: number;
  /** The longest Retry-After honoured; a longer one fails the call at once instead of stalling the run. */
  maxRetryWaitMs?: number;
  /** The wait when a 429 or 503 names no Retry-After. */
  defaultRetryWaitMs?: number;
  requestTimeoutMs?: number;
  now?: () => number;
  /**
   * The action's API paths, from its definition (`createConnector` fills them in): `main`, which
   * the connection's `apiBaseUrl` ends with (`basicApiPath`), and the other APIs a request may name,
   * each replacing `main` on the same host (`apiBases`).
   */
  apis?: { main: string; named: Record<string, string> };
}
