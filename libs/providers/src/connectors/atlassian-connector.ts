import { JsonValue } from '@actionhub/contracts';
import {
  ConnectionCredentials,
  Connector,
  ConnectorError,
  ConnectorOptions,
  ConnectorRequest,
  ConnectorResult,
  PaginationStyle,
} from './connector';
import { retryAfterMs } from './retry-after';

const SCOPE_CHECK = 'FAILURE_CLIENT_SCOPE_CHECK';

export interface Answer {
  status: number;
  body: JsonValue;
  headers: Headers;
}

/** Sends one request of a paginated call (retries included) and counts it. */
export type SendPage = (request: ConnectorRequest, url?: string) => Promise<Answer>;

/**
 * What every Atlassian REST API shares: the resolved `Authorization` header against the resolved
 * API base, a timeout per request, `Retry-After` honoured on 429/503 within caps, and failures
 * classified the same way (a 401 scope check is never worth a refresh). Each product adds only how
 * its lists continue on further pages.
 */
export abstract class AtlassianConnector implements Connector {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly defaultRetryWaitMs: number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;
  private readonly apis: NonNullable<ConnectorOptions['apis']>;

  /** The pagination style this API's lists use. */
  protected abstract readonly paginationStyle: PaginationStyle;

  constructor(options: ConnectorOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
    this.defaultRetryWaitMs = options.defaultRetryWaitMs ?? 1_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.apis = options.apis ?? { main: '', named: {} };
  }

  async call(connection: ConnectionCredentials, request: ConnectorRequest): Promise<ConnectorResult> {
    const counter = { requests: 0 };
    const apiBaseUrl = this.apiBaseOf(connection.apiBaseUrl, request);
    const send: SendPage = (req, url) => this.send(connection, req, url ?? urlOf(apiBaseUrl, req), counter);
    if (!request.pagination) {
      const answer = await send(request);
      return { status: answer.status, body: answer.body, requests: counter.requests };
    }
    const style = request.pagination.style ?? this.paginationStyle;
    if (style !== this.paginationStyle) {
      throw new ConnectorError(
        'failed',
        `${request.method} ${request.path}: this API pages with ${this.paginationStyle}, not ${style}`,
      );
    }
    const { status, body } = await this.gatherPages(apiBaseUrl, request, send, request.pagination.maxPages);
    return { status, body, requests: counter.requests };
  }

  /**
   * Where a request goes: the connection's API base, or for `request.api` the action's API of that
   * name on the same host (the base with the main API path replaced by that API's path).
   */
  private apiBaseOf(connectionBase: string, request: ConnectorRequest): string {
    if (request.api === undefined) return connectionBase;
    const base = connectionBase.replace(/\/+$/, '');
    const { main, named } = this.apis;
    const path = Object.hasOwn(named, request.api) ? named[request.api] : undefined;
    if (path === undefined || !main || !base.endsWith(main)) {
      throw new ConnectorError(
        'failed',
        `${request.method} ${request.path}: the action declares no API "${request.api}" beside ${main || 'its own'}`,
      );
    }
    return `${base.slice(0, -main.length)}${path}`;
  }

  /** Every page of a list, at most `maxPages` requests, merged into one answer. */
  protected abstract gatherPages(
    apiBaseUrl: string,
    request: ConnectorRequest,
    send: SendPage,
    maxPages: number,
  ): Promise<{ status: number; body: JsonValue }>;

  /** One request, retried after 429/503 as Retry-After asks, within the retry and wait caps. */
  private async send(
    connection: ConnectionCredentials,
    request: ConnectorRequest,
    url: string,
    counter: { requests: number },
  ): Promise<Answer> {
    const what = `${request.method} ${request.path}`;
    for (let attempt = 0; ; attempt++) {
      const answer = await this.attempt(connection, request, url, counter);
      if (answer.status >= 200 && answer.status < 300) return answer;
      if (answer.status === 429 || answer.status === 503) {
        const kind = answer.status === 429 ? 'rate_limited' : 'unavailable';
        const wait = retryAfterMs(answer.headers.get('retry-after'), this.now()) ?? this.defaultRetryWaitMs;
        if (attempt >= this.maxRetries) {
          throw new ConnectorError(
            kind,
            `${what}: ${answer.status} after ${attempt + 1} attempts`,
            answer.status,
          );
        }
        if (wait > this.maxRetryWaitMs) {
          throw new ConnectorError(
            kind,
            `${what}: ${answer.status} asks to retry in ${wait} ms, over the ${this.maxRetryWaitMs} ms cap`,
            answer.status,
          );
        }
        await this.sleep(wait);
        continue;
      }
      throw failureOf(what, answer);
    }
  }

  private async attempt(
    connection: ConnectionCredentials,
    request: ConnectorRequest,
    url: string,
    counter: { requests: number },
  ): Promise<Answer> {
    counter.requests += 1;
    let res: Response;
    try {
      res = await this.fetch(url, {
        method: request.method,
        headers: {
          authorization: connection.authorization,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      throw new ConnectorError('failed', `${request.method} ${request.path}: ${(error as Error).message}`);
    }
    const text = await res.text();
    let body: JsonValue = null;
    if (text) {
      try {
        body = JSON.parse(text) as JsonValue;
      } catch {
        if (res.ok)
          throw new ConnectorError('failed', `${request.method} ${request.path}: answer is not JSON`);
        body = text.slice(0, 200);
      }
    }
    return { status: res.status, body, headers: res.headers };
  }
}

export function urlOf(apiBaseUrl: string, request: ConnectorRequest): string {
  const url = new URL(`${apiBaseUrl.replace(/\/+$/, '')}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url.toString();
}

/** The list a page carries under `key`; an answer without one is not what the API documents. */
export function listOf(body: JsonValue, key: string, request: ConnectorRequest): JsonValue[] {
  const list = (body as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) {
    throw new ConnectorError(
      'failed',
      `${request.method} ${request.path}: a paginated answer has no ${key} list`,
    );
  }
  return list as JsonValue[];
}

/**
 * Atlassian's error bodies: `{ code, message }` from the gateway, `{ errors: [{ title }] }` from
 * Confluence v2, `{ errorMessages: [...], errors: { field: message } }` from Jira.
 */
function providerMessage(body: JsonValue): string {
  if (typeof body === 'string') return body;
  const b = body as {
    message?: unknown;
    errors?: unknown;
    errorMessages?: unknown;
  } | null;
  if (typeof b?.message === 'string') return b.message;
  const texts: string[] = [];
  if (Array.isArray(b?.errorMessages)) texts.push(...b.errorMessages.filter((m) => typeof m === 'string'));
  if (Array.isArray(b?.errors)) {
    texts.push(
      ...b.errors.map((e: { title?: unknown }) => e?.title).filter((t): t is string => typeof t === 'string'),
    );
  } else if (b?.errors && typeof b.errors === 'object') {
    for (const [field, message] of Object.entries(b.errors as Record<string, unknown>)) {
      if (typeof message === 'string') texts.push(`${field}: ${message}`);
    }
  }
  return texts.join('; ');
}

function failureOf(what: string, answer: Answer): ConnectorError {
  const message = `${what}: ${answer.status} ${providerMessage(answer.body)}`.trim();
  if (answer.status === 401) {
    // A missing scope is a 401 too on Atlassian, but a refreshed token has the same scopes.
    return answer.headers.get('x-failure-category') === SCOPE_CHECK
      ? new ConnectorError('scope_missing', message, 401)
      : new ConnectorError('authorization_expired', message, 401);
  }
  if (answer.status >= 400 && answer.status < 500)
    return new ConnectorError('rejected', message, answer.status);
  return new ConnectorError('failed', message, answer.status);
}
