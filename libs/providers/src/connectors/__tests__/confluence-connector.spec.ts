import { ConfluenceConnector } from '../confluence.connector';
import { ConnectorError } from '../connector';

const BASE = 'https://api.atlassian.com/ex/confluence/cloud-1/wiki/api/v2';
const connection = { authorization: 'Bearer secret-token', apiBaseUrl: BASE };

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fetch that answers from a script and remembers what it was asked. */
function scriptedFetch(answers: Scripted[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected call ${url}`);
    return new Response(next.body === undefined ? null : JSON.stringify(next.body), {
      status: next.status,
      headers: next.headers,
    });
  }) as unknown as typeof fetch;
  return { fn, calls };
}

function connector(answers: Scripted[]) {
  const fake = scriptedFetch(answers);
  const waits: number[] = [];
  const c = new ConfluenceConnector({
    fetch: fake.fn,
    sleep: async (ms) => void waits.push(ms),
    maxRetryWaitMs: 5_000,
    apis: { main: '/wiki/api/v2', named: { v1: '/wiki/rest/api' } },
  });
  return { c, calls: fake.calls, waits };
}

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as ConnectorError;
  }
  throw new Error('expected the call to fail');
};

describe('Confluence connector', () => {
  it('sends the resolved authorization and JSON body to the base + path + query', async () => {
    const { c, calls } = connector([{ status: 200, body: { id: '1' } }]);
    const result = await c.call(connection, {
      method: 'POST',
      path: '/pages',
      query: { 'root-level': 'false' },
      body: { title: 'T' },
    });
    expect(result).toEqual({ status: 200, body: { id: '1' }, requests: 1 });
    expect(calls[0].url).toBe(`${BASE}/pages?root-level=false`);
    expect(calls[0].init.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'content-type': 'application/json',
    });
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ title: 'T' });
  });

  it('follows next links and gathers every page of results', async () => {
    const { c, calls } = connector([
      {
        status: 200,
        body: { results: [{ id: '1' }], _links: { next: '/wiki/api/v2/spaces?cursor=a', base: 'b' } },
      },
      {
        status: 200,
        body: { results: [{ id: '2' }], _links: { next: '/wiki/api/v2/spaces?cursor=b', base: 'b' } },
      },
      { status: 200, body: { results: [{ id: '3' }], _links: { base: 'b' } } },
    ]);
    const result = await c.call(connection, { method: 'GET', path: '/spaces', pagination: { maxPages: 10 } });
    expect(result.body).toEqual({ results: [{ id: '1' }, { id: '2' }, { id: '3' }], _links: { base: 'b' } });
    expect(result.requests).toBe(3);
    expect(calls.map((x) => x.url)).toEqual([
      `${BASE}/spaces`,
      `${BASE}/spaces?cursor=a`,
      `${BASE}/spaces?cursor=b`,
    ]);
  });

  it('stops at the page budget', async () => {
    const page = (n: number) => ({
      status: 200,
      body: { results: [{ id: String(n) }], _links: { next: `/wiki/api/v2/spaces?cursor=${n}` } },
    });
    const { c } = connector([page(1), page(2), page(3)]);
    const result = await c.call(connection, { method: 'GET', path: '/spaces', pagination: { maxPages: 2 } });
    expect((result.body as { results: unknown[] }).results).toHaveLength(2);
    expect(result.requests).toBe(2);
  });

  it('waits as Retry-After asks on 429 and 503, then succeeds', async () => {
    const { c, waits } = connector([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 200, body: { ok: true } },
    ]);
    const result = await c.call(connection, { method: 'GET', path: '/spaces' });
    expect(result).toEqual({ status: 200, body: { ok: true }, requests: 3 });
    expect(waits).toEqual([2000, 1000]);
  });

  it('gives up after two retries', async () => {
    const limited = {
      status: 429,
      headers: { 'retry-after': '1' },
      body: { code: 429, message: 'Rate limit' },
    };
    const { c, calls, waits } = connector([limited, limited, limited, limited]);
    const error = await failureOf(c.call(connection, { method: 'GET', path: '/spaces' }));
    expect(error.kind).toBe('rate_limited');
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([1000, 1000]);
  });

  it('does not wait longer than its cap: a long Retry-After fails at once', async () => {
    const { c, calls, waits } = connector([{ status: 429, headers: { 'retry-after': '120' } }]);
    const error = await failureOf(c.call(connection, { method: 'GET', path: '/spaces' }));
    expect(error.kind).toBe('rate_limited');
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('tells an expired token (refresh once) from a missing scope (never retry)', async () => {
    const expired = connector([{ status: 401, body: { code: 401, message: 'Unauthorized' } }]);
    expect((await failureOf(expired.c.call(connection, { method: 'GET', path: '/spaces' }))).kind).toBe(
      'authorization_expired',
    );
    const scope = connector([
      {
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
        headers: { 'x-failure-category': 'FAILURE_CLIENT_SCOPE_CHECK' },
      },
    ]);
    const error = await failureOf(scope.c.call(connection, { method: 'POST', path: '/pages', body: {} }));
    expect(error.kind).toBe('scope_missing');
    expect(error.message).toContain('scope does not match');
    expect(scope.calls).toHaveLength(1);
  });

  it('reports other 4xx as rejected with the provider message, and never the token', async () => {
    const { c } = connector([
      { status: 404, body: { errors: [{ status: 404, title: 'Space 9 not found' }] } },
    ]);
    const error = await failureOf(c.call(connection, { method: 'POST', path: '/pages', body: {} }));
    expect(error).toMatchObject({ kind: 'rejected', status: 404 });
    expect(error.message).toBe('POST /pages: 404 Space 9 not found');
    expect(error.message).not.toContain('secret-token');
  });

  it('refuses to follow a next link to another host', async () => {
    const { c, calls } = connector([
      { status: 200, body: { results: [], _links: { next: 'https://evil.example/wiki/api/v2/spaces' } } },
    ]);
    const error = await failureOf(
      c.call(connection, { method: 'GET', path: '/spaces', pagination: { maxPages: 5 } }),
    );
    expect(error.kind).toBe('failed');
    expect(calls).toHaveLength(1);
  });

  it("sends a request naming the action's v1 API to v1 on the same host, gateway or site", async () => {
    const { c, calls } = connector([
      { status: 200, body: { results: [] } },
      { status: 200, body: { results: [] } },
    ]);
    await c.call(connection, { method: 'POST', api: 'v1', path: '/content/7/label', body: [] });
    const site = { authorization: 'Basic x', apiBaseUrl: 'https://acme.atlassian.net/wiki/api/v2/' };
    await c.call(site, { method: 'GET', api: 'v1', path: '/search', query: { cql: 'type = page' } });
    expect(calls.map((x) => x.url)).toEqual([
      'https://api.atlassian.com/ex/confluence/cloud-1/wiki/rest/api/content/7/label',
      'https://acme.atlassian.net/wiki/rest/api/search?cql=type+%3D+page',
    ]);
  });

  it('gathers v1 search pages, whose next links are relative to /wiki', async () => {
    const next = '/rest/api/search?next=true&cursor=c1&limit=1&start=1&cql=type%3Dpage';
    const { c, calls } = connector([
      { status: 200, body: { results: [{ title: 'A' }], totalSize: 2, _links: { next, context: '/wiki' } } },
      { status: 200, body: { results: [{ title: 'B' }], totalSize: 2, _links: { context: '/wiki' } } },
    ]);
    const result = await c.call(connection, {
      method: 'GET',
      api: 'v1',
      path: '/search',
      query: { cql: 'type=page', limit: '1' },
      pagination: { maxPages: 4 },
    });
    expect(result.body).toEqual({
      results: [{ title: 'A' }, { title: 'B' }],
      totalSize: 2,
      _links: { context: '/wiki' },
    });
    expect(calls[1].url).toBe(`https://api.atlassian.com/ex/confluence/cloud-1/wiki${next}`);
  });

  it('fails, without a call, a request naming an API the action does not declare', async () => {
    const { c, calls } = connector([]);
    const error = await failureOf(c.call(connection, { method: 'GET', api: 'v3', path: '/search' }));
    expect(error.kind).toBe('failed');
    expect(error.message).toMatch(/declares no API "v3"/);
    const bare = new ConfluenceConnector({ fetch: scriptedFetch([]).fn });
    expect((await failureOf(bare.call(connection, { method: 'GET', api: 'v1', path: '/search' }))).kind).toBe(
      'failed',
    );
    const toString = await failureOf(c.call(connection, { method: 'GET', api: 'toString', path: '/x' }));
    expect(toString.kind).toBe('failed');
    expect(calls).toHaveLength(0);
  });
});
