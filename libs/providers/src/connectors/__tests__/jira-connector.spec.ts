import { JiraConnector } from '../jira.connector';
import { ConnectorError } from '../connector';

const BASE = 'https://api.atlassian.com/ex/jira/cloud-1/rest/api/3';
const connection = { authorization: 'Bearer secret-token', apiBaseUrl: BASE };

function connector(answers: { status: number; body?: unknown; headers?: Record<string, string> }[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected call ${url}`);
    return new Response(next.body === undefined ? null : JSON.stringify(next.body), next);
  }) as unknown as typeof globalThis.fetch;
  const waits: number[] = [];
  return { c: new JiraConnector({ fetch, sleep: async (ms) => void waits.push(ms) }), calls, waits };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: ConnectorError) => e,
  );

describe('Jira connector', () => {
  it('follows nextPageToken (GET) until isLast and gathers the issues', async () => {
    const { c, calls } = connector([
      { status: 200, body: { issues: [{ key: 'A-1' }], nextPageToken: 't1', isLast: false } },
      { status: 200, body: { issues: [{ key: 'A-2' }], nextPageToken: 't2', isLast: false } },
      { status: 200, body: { issues: [{ key: 'A-3' }], isLast: true } },
    ]);
    const result = await c.call(connection, {
      method: 'GET',
      path: '/search/jql',
      query: { jql: 'project = A' },
      pagination: { maxPages: 10, style: 'next-page-token' },
    });
    expect(result.body).toEqual({ issues: [{ key: 'A-1' }, { key: 'A-2' }, { key: 'A-3' }], isLast: true });
    expect(result.requests).toBe(3);
    expect(calls.map((x) => new URL(x.url).searchParams.get('nextPageToken'))).toEqual([null, 't1', 't2']);
    expect(new URL(calls[2].url).searchParams.get('jql')).toBe('project = A');
  });

  it('sends the token in the body of a POST search, and keeps the next token at the page budget', async () => {
    const { c, calls } = connector([
      { status: 200, body: { issues: [{ key: 'A-1' }], nextPageToken: 't1', isLast: false } },
      { status: 200, body: { issues: [{ key: 'A-2' }], nextPageToken: 't2', isLast: false } },
    ]);
    const result = await c.call(connection, {
      method: 'POST',
      path: '/search/jql',
      body: { jql: 'project = A' },
      pagination: { maxPages: 2 },
    });
    expect(JSON.parse(calls[1].init.body as string)).toEqual({ jql: 'project = A', nextPageToken: 't1' });
    expect(result.body).toEqual({
      issues: [{ key: 'A-1' }, { key: 'A-2' }],
      isLast: false,
      nextPageToken: 't2',
    });
  });

  it("refuses to page a list with Confluence's next links", async () => {
    const { c, calls } = connector([]);
    const error = await failure(
      c.call(connection, { method: 'GET', path: '/x', pagination: { maxPages: 2, style: 'next-link' } }),
    );
    expect(error.kind).toBe('failed');
    expect(calls).toHaveLength(0);
  });

  it("reports Jira's errorMessages and field errors, and a 410 as rejected", async () => {
    const { c } = connector([
      { status: 400, body: { errorMessages: ['Bad JQL'], errors: { summary: 'Summary is required.' } } },
      { status: 410, body: { errorMessages: ['The requested API has been removed.'], errors: {} } },
    ]);
    const bad = await failure(c.call(connection, { method: 'POST', path: '/issue', body: {} }));
    expect(bad).toMatchObject({ kind: 'rejected', status: 400 });
    expect(bad.message).toBe('POST /issue: 400 Bad JQL; summary: Summary is required.');
    const gone = await failure(c.call(connection, { method: 'GET', path: '/search' }));
    expect(gone).toMatchObject({ kind: 'rejected', status: 410 });
  });

  it('honours Retry-After and tells a scope failure (never retried) from an expired token', async () => {
    const { c, calls, waits } = connector([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: { key: 'A-1' } },
      { status: 401, headers: { 'x-failure-category': 'FAILURE_CLIENT_SCOPE_CHECK' } },
      { status: 401 },
    ]);
    expect((await c.call(connection, { method: 'GET', path: '/issue/A-1' })).requests).toBe(2);
    expect(waits).toEqual([2000]);
    expect((await failure(c.call(connection, { method: 'DELETE', path: '/issue/A-1' }))).kind).toBe(
      'scope_missing',
    );
    expect((await failure(c.call(connection, { method: 'GET', path: '/issue/A-1' }))).kind).toBe(
      'authorization_expired',
    );
    expect(calls).toHaveLength(4);
  });
});
