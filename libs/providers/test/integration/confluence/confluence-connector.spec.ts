import { ConfluenceConnector, ConnectionCredentials, ConnectorError } from '../../../src';
import { CONFLUENCE_SCOPES, SandboxOAuth } from '@actionhub/atlassian-sandbox';

// The connector against the real sandbox (Atlassian's OpenAPI document validates every call).
describe('Confluence connector on the sandbox', () => {
  let oauth: SandboxOAuth;
  let cloudId: string;
  let siteUrl: string;
  let apiToken: string;
  let bearer: ConnectionCredentials;
  const connector = new ConfluenceConnector({ maxRetryWaitMs: 3_000 });
  const email = 'writer@acme.test';

  beforeAll(async () => {
    oauth = await SandboxOAuth.start();
    const user = await oauth.user(email, 'acme');
    ({ cloudId, url: siteUrl } = user.sites[0]);
    apiToken = user.apiToken;
    const tokens = await oauth.tokensFor(email);
    bearer = { authorization: `Bearer ${tokens.access_token}`, apiBaseUrl: oauth.gatewayBase(cloudId) };
  });

  afterAll(() => oauth?.close());

  const spaceId = async (key: string) => {
    const res = await connector.call(bearer, { method: 'GET', path: '/spaces', query: { keys: key } });
    return (res.body as { results: { id: string }[] }).results[0].id;
  };

  const failure = async (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: ConnectorError) => e,
    );

  it('creates a page through the 3LO gateway, and the sandbox reads it back', async () => {
    const space = await spaceId('DEV');
    const created = await connector.call(bearer, {
      method: 'POST',
      path: '/pages',
      body: {
        spaceId: space,
        status: 'current',
        title: 'Connector page',
        body: { representation: 'storage', value: '<p>Hi</p>' },
      },
    });
    const page = created.body as { id: string; _links: { webui: string; base: string } };
    expect(page._links.base).toBe(`${siteUrl}/wiki`);
    const back = await connector.call(bearer, {
      method: 'GET',
      path: `/pages/${page.id}`,
      query: { 'body-format': 'storage' },
    });
    expect(back.body).toMatchObject({ title: 'Connector page', body: { storage: { value: '<p>Hi</p>' } } });
  });

  it('creates a blog post with Basic credentials against the site', async () => {
    const basic = {
      authorization: `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`,
      apiBaseUrl: oauth.siteApiBase('acme'),
    };
    const created = await connector.call(basic, {
      method: 'POST',
      path: '/blogposts',
      body: {
        spaceId: await spaceId('DEV'),
        status: 'current',
        title: 'Basic post',
        body: { representation: 'storage', value: 'x' },
      },
    });
    expect(created.body).toMatchObject({
      title: 'Basic post',
      _links: { webui: expect.stringContaining('/blog/') },
    });
  });

  it('follows cursor pagination to the last page', async () => {
    const space = await spaceId('DEV');
    for (let i = 0; i < 7; i++) {
      await connector.call(bearer, {
        method: 'POST',
        path: '/pages',
        body: {
          spaceId: space,
          status: 'current',
          title: `Paged ${i}`,
          body: { representation: 'storage', value: 'p' },
        },
      });
    }
    const all = await connector.call(bearer, {
      method: 'GET',
      path: `/spaces/${space}/pages`,
      query: { limit: '3' },
      pagination: { maxPages: 50 },
    });
    const titles = (all.body as { results: { title: string }[] }).results.map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['Paged 0', 'Paged 6', 'Connector page']));
    expect(new Set(titles).size).toBe(titles.length);
    expect(all.requests).toBe(Math.ceil(titles.length / 3));
  });

  it('honours Retry-After on a 429 and then succeeds', async () => {
    await oauth.admin('/admin/faults', { target: 'api', status: 429, retryAfterSeconds: 1, count: 1 });
    const before = await oauth.counters();
    const res = await connector.call(bearer, { method: 'GET', path: '/spaces' });
    expect(res).toMatchObject({ status: 200, requests: 2 });
    const after = await oauth.counters();
    expect(after.apiCalls - before.apiCalls).toBe(2);
    expect(after.faultsServed - before.faultsServed).toBe(1);
  });

  it('stops after its retry budget when the outage persists', async () => {
    // Exactly the three answers the budget allows (one try, two retries), so none is left over.
    await oauth.admin('/admin/faults', { target: 'api', status: 503, retryAfterSeconds: 1, count: 3 });
    const before = await oauth.counters();
    const error = await failure(connector.call(bearer, { method: 'GET', path: '/spaces' }));
    expect(error).toMatchObject({ kind: 'unavailable', status: 503 });
    const after = await oauth.counters();
    expect(after.apiCalls - before.apiCalls).toBe(3);
    expect(after.faultsServed - before.faultsServed).toBe(3);
  });

  it('says "refresh once" for an expired token, and a refreshed token works', async () => {
    const tokens = await oauth.tokensFor(email);
    const conn = { authorization: `Bearer ${tokens.access_token}`, apiBaseUrl: oauth.gatewayBase(cloudId) };
    await oauth.admin('/admin/tokens/expire', { accessToken: tokens.access_token });
    const error = await failure(connector.call(conn, { method: 'GET', path: '/spaces' }));
    expect(error).toMatchObject({ kind: 'authorization_expired', status: 401 });
    const refreshed = await oauth.refresh(tokens.refresh_token!);
    const res = await connector.call(
      { ...conn, authorization: `Bearer ${refreshed.access_token}` },
      { method: 'GET', path: '/spaces' },
    );
    expect(res.status).toBe(200);
  });

  it('reports a missing scope as such, after one request', async () => {
    const readOnly = await oauth.tokensFor(
      email,
      CONFLUENCE_SCOPES.filter((s) => s !== 'write:page:confluence'),
    );
    const conn = { authorization: `Bearer ${readOnly.access_token}`, apiBaseUrl: oauth.gatewayBase(cloudId) };
    const before = await oauth.counters();
    const error = await failure(
      connector.call(conn, {
        method: 'POST',
        path: '/pages',
        body: {
          spaceId: await spaceId('DEV'),
          status: 'current',
          title: 'Nope',
          body: { representation: 'storage', value: 'x' },
        },
      }),
    );
    expect(error).toMatchObject({ kind: 'scope_missing', status: 401 });
    // The space lookup plus the one refused create: no retry.
    expect((await oauth.counters()).apiCalls - before.apiCalls).toBe(2);
  });
});
