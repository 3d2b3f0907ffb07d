import { JsonValue } from '@actionhub/contracts';
import {
  ConnectionCredentials,
  Connector,
  ConnectorError,
  ConnectorOptions,
  ConnectorRequest,
  ConnectorResult,
} from './connector';
import { nextLinkOf, nextPageUrl } from './next-link';
import { retryAfterMs } from './retry-after';

const SCOPE_CHECK = 'FAILURE_CLIENT_SCOPE_CHECK';

interface Answer {
  status: number;
  body: JsonValue;
  headers: Headers;
}

/**
 * Confluence Cloud REST v2 (v1 is gone for OAuth apps). The same client serves both mechanisms:
 * the base is the 3LO gateway (`api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2`) or the
 * site (`https://<site>/wiki/api/v2`) for Basic credentials, as auth-profiles resolves it.
 */
export class ConfluenceConnector implements Connector {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly defaultRetryWaitMs: number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;

  constructor(options: ConnectorOptions = {}) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxRetries = options.maxRetries ?? 2;
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
    this.defaultRetryWaitMs = options.defaultRetryWaitMs ?? 1_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  async call(connection: ConnectionCredentials, request: ConnectorRequest): Promise<ConnectorResult> {
    const counter = { requests: 0 };
    const first = await this.send(connection, request, urlOf(connection.apiBaseUrl, request), counter);
    if (!request.pagination) return { status: first.status, body: first.body, requests: counter.requests };

    const results = [...resultsOf(first.body, request)];
    let last = first;
    for (let page = 1; page < request.pagination.maxPages; page++) {
      const next = nextLinkOf(last.body, last.headers.get('link'));
      if (!next) break;
      let url: string;
      try {
        url = nextPageUrl(connection.apiBaseUrl, next);
      } catch (error) {
        throw new ConnectorError('failed', (error as Error).message);
      }
      last = await this.send(connection, { ...request, method: 'GET', body: undefined }, url, counter);
      results.push(...resultsOf(last.body, request));
    }
    const lastLinks = (last.body as { _links?: Record<string, JsonValue> })._links ?? {};
    const body = { ...(first.body as Record<string, JsonValue>), results, _links: lastLinks };
    return { status: first.status, body, requests: counter.requests };
  }

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

function urlOf(apiBaseUrl: string, request: ConnectorRequest): string {
  const url = new URL(`${apiBaseUrl.replace(/\/+$/, '')}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url.toString();
}

function resultsOf(body: JsonValue, request: ConnectorRequest): JsonValue[] {
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) {
    throw new ConnectorError(
      'failed',
      `${request.method} ${request.path}: a paginated answer has no results list`,
    );
  }
  return results as JsonValue[];
}

/** Confluence's error bodies: `{ code, message }` from the gateway, `{ errors: [{ title }] }` from v2. */
function providerMessage(body: JsonValue): string {
  if (typeof body === 'string') return body;
  const b = body as { message?: unknown; errors?: { title?: unknown }[] } | null;
  if (typeof b?.message === 'string') return b.message;
  const titles = Array.isArray(b?.errors)
    ? b.errors.map((e) => e.title).filter((t) => typeof t === 'string')
    : [];
  return titles.join('; ');
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
