import { RunningSandbox, startSandbox } from '../../../src';
import { seedDevelopment } from '../../../src/admin/seed';
import { call } from '../oauth/support/oauth-fixture';

describe('admin API', () => {
  let sandbox: RunningSandbox;
  const post = (path: string, body: unknown) =>
    call(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    sandbox = await startSandbox(0);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    expect((await post('/admin/reset', {})).status).toBe(204);
  });

  it('registers a client with chosen or generated credentials', async () => {
    const chosen = await post('/admin/clients', {
      clientId: 'my-client',
      clientSecret: 'my-secret',
      name: 'Mine',
      redirectUris: ['http://127.0.0.1:3001/cb'],
    });
    expect(chosen.status).toBe(201);
    expect(chosen.body).toEqual({
      clientId: 'my-client',
      clientSecret: 'my-secret',
      name: 'Mine',
      redirectUris: ['http://127.0.0.1:3001/cb'],
    });
    const generated = await post('/admin/clients', { name: 'Gen', redirectUris: ['https://x.example/cb'] });
    expect(generated.body.clientId).toMatch(/^[0-9a-f]{32}$/);
    expect(generated.body.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect((await post('/admin/clients', { ...chosen.body })).status).toBe(409);
  });

  it('registers a user with sites, creating the sites and sharing existing ones', async () => {
    const a = await post('/admin/users', {
      email: 'a@example.com',
      displayName: 'A',
      apiToken: 'tok-a',
      sites: [{ name: 'shared', cloudId: 'cloud-shared' }, { name: 'own-a' }],
    });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({
      accountId: expect.stringMatching(/^712020:/),
      email: 'a@example.com',
      displayName: 'A',
      apiToken: 'tok-a',
      sites: [
        { cloudId: 'cloud-shared', name: 'shared', url: `${sandbox.url}/sites/shared` },
        { cloudId: expect.any(String), name: 'own-a', url: `${sandbox.url}/sites/own-a` },
      ],
    });
    const b = await post('/admin/users', {
      email: 'b@example.com',
      displayName: 'B',
      sites: [{ name: 'shared' }],
    });
    expect(b.body.sites[0].cloudId).toBe('cloud-shared');
    expect(b.body.apiToken).toEqual(expect.any(String));
    // Each new site starts with Confluence's default spaces, so the Confluence API has something to list.
    const spaces = [...sandbox.state.spaces.values()].filter((s) => s.cloudId === 'cloud-shared');
    expect(spaces.map((s) => s.key).sort()).toEqual(['DEV', 'TEAM']);
    expect(
      (await post('/admin/users', { email: 'A@example.com', displayName: 'x', sites: [{ name: 'z' }] }))
        .status,
    ).toBe(409);
    const clash = await post('/admin/users', {
      email: 'c@example.com',
      displayName: 'C',
      sites: [{ name: 'shared', cloudId: 'another-id' }],
    });
    expect(clash.status).toBe(409);
  });

  it.each([
    ['/admin/clients', { name: 'No URIs', redirectUris: [] }, 'redirectUris'],
    ['/admin/clients', { name: 'Bad URI', redirectUris: ['not a url'] }, 'redirectUris.0'],
    ['/admin/users', { email: 'nope', displayName: 'x', sites: [{ name: 's' }] }, 'email'],
    ['/admin/users', { email: 'u@example.com', displayName: 'x', sites: [] }, 'sites'],
    [
      '/admin/users',
      { email: 'u@example.com', displayName: 'x', sites: [{ name: 'Has Space' }] },
      'sites.0.name',
    ],
    ['/admin/faults', { target: 'everything', status: 429, count: 1 }, 'target'],
    ['/admin/faults', { target: 'api', status: 200, count: 1 }, 'status'],
    ['/admin/faults', { target: 'api', status: 429, count: 0 }, 'count'],
    ['/admin/faults', { target: 'token' }, 'status'],
    ['/admin/faults', { target: 'token', status: 503, endless: true }, 'endless'],
    ['/admin/faults', { target: 'token', delayMs: 10, html: true }, 'html'],
    ['/admin/faults', { target: 'api', status: 503, clientId: 'c' }, 'clientId'],
    ['/admin/clock/advance', { seconds: -5 }, 'seconds'],
    ['/admin/tokens/expire', {}, 'body'],
  ])('POST %s with %j is a 400 naming %s', async (path, body, field) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Invalid request body');
    expect(res.body.details.join('\n')).toContain(`${field}:`);
  });

  it('malformed JSON is a 400, unknown tokens a 404', async () => {
    const res = await post('/admin/clients', '{"name":');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/Malformed JSON/);
    expect((await post('/admin/tokens/expire', { accessToken: 'nope' })).status).toBe(404);
  });

  it('queues faults, moves the clock and resets everything', async () => {
    const fault = await post('/admin/faults', { target: 'api', status: 503, retryAfterSeconds: 2 });
    expect(fault.body).toEqual({ target: 'api', status: 503, retryAfterSeconds: 2, remaining: 1 });
    expect(sandbox.state.faults).toHaveLength(1);
    const before = sandbox.state.now();
    const moved = await post('/admin/clock/advance', { seconds: 3600 });
    expect(new Date(moved.body.now).getTime() - before).toBeGreaterThanOrEqual(3600_000);
    await post('/admin/clients', { name: 'C', redirectUris: ['https://x.example/cb'] });
    expect((await post('/admin/reset', {})).status).toBe(204);
    expect(sandbox.state.faults).toEqual([]);
    expect(sandbox.state.clients.size).toBe(0);
    expect(sandbox.state.now() - Date.now()).toBeLessThan(1000);
    const counters = await call(`${sandbox.url}/admin/counters`);
    expect(counters.body).toEqual({
      tokenRequests: 0,
      authorizationCodeGrants: 0,
      refreshTokenGrants: 0,
      refreshTokenReuseRevocations: 0,
      accessibleResourcesCalls: 0,
      apiCalls: 0,
      faultsServed: 0,
      endlessAnswersOpen: 0,
    });
  });

  it('seedDevelopment registers the development client and a user with two sites', async () => {
    seedDevelopment(sandbox.state, {
      SANDBOX_CLIENT_ID: 'env-id',
      SANDBOX_REDIRECT_URIS: 'http://a/cb, http://b/cb',
    });
    expect(sandbox.state.clients.get('env-id')).toMatchObject({
      clientSecret: 'sandbox-dev-secret',
      redirectUris: ['http://a/cb', 'http://b/cb'],
    });
    const user = sandbox.state.userByEmail('developer@example.com');
    expect(user?.siteIds.map((id) => sandbox.state.sites.get(id)?.name)).toEqual(['acme', 'acme-eu']);
    await post('/admin/reset', {});
    seedDevelopment(sandbox.state, {});
    expect(sandbox.state.clients.get('sandbox-dev-client')?.redirectUris).toEqual([
      'http://127.0.0.1:3001/v1/oauth/callback',
    ]);
  });
});
