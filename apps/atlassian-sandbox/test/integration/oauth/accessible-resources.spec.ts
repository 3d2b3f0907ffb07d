import { CONFLUENCE_SCOPES, OAuthFixture } from './support/oauth-fixture';

describe('GET /oauth/token/accessible-resources', () => {
  let f: OAuthFixture;
  let solo: Awaited<ReturnType<OAuthFixture['user']>>;
  let multi: Awaited<ReturnType<OAuthFixture['user']>>;

  beforeAll(async () => {
    f = await OAuthFixture.start();
    solo = await f.user('solo@example.com', ['solo-site']);
    multi = await f.user('multi@example.com', ['north', 'south']);
  });
  afterAll(() => f.close());

  it('lists the one site of a one-site user, with its cloudId, URL and scopes', async () => {
    const tokens = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const res = await f.resources(tokens.access_token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: solo.sites[0].cloudId,
        name: 'solo-site',
        url: `${f.url}/sites/solo-site`,
        scopes: CONFLUENCE_SCOPES,
        avatarUrl: expect.stringMatching(/^https:\/\//),
      },
    ]);
  });

  it('lists only the site the user chose, then both once the user has consented for the second', async () => {
    const [north, south] = multi.sites;
    const first = await f.tokens(multi.email, CONFLUENCE_SCOPES, south.cloudId);
    expect((await f.resources(first.access_token)).body.map((r: { id: string }) => r.id)).toEqual([
      south.cloudId,
    ]);
    const second = await f.tokens(multi.email, CONFLUENCE_SCOPES, north.cloudId);
    const ids = (await f.resources(second.access_token)).body.map((r: { id: string }) => r.id);
    expect(ids.sort()).toEqual([north.cloudId, south.cloudId].sort());
  });

  it('401 without a token, with an unknown one, or a non-Bearer scheme', async () => {
    const none = await fetch(`${f.url}/oauth/token/accessible-resources`);
    expect(none.status).toBe(401);
    expect((await f.resources('sbx-at-unknown')).status).toBe(401);
    const tokens = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const basic = await fetch(`${f.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Basic ${tokens.access_token}` },
    });
    expect(basic.status).toBe(401);
  });

  it('401 once the admin API expires the token, other tokens unaffected', async () => {
    const a = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const b = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const expire = await f.admin('/admin/tokens/expire', { accessToken: a.access_token });
    expect(expire.body).toEqual({ expired: 1 });
    const res = await f.resources(a.access_token);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: 'Unauthorized' });
    expect((await f.resources(b.access_token)).status).toBe(200);
  });

  it('expiring by accountId expires every access token of that user', async () => {
    const other = await f.user('other@example.com', ['other-site']);
    const mine = await f.tokens(other.email, CONFLUENCE_SCOPES);
    const theirs = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const expire = await f.admin('/admin/tokens/expire', { accountId: other.accountId });
    expect(expire.status).toBe(200);
    expect((await f.resources(mine.access_token)).status).toBe(401);
    expect((await f.resources(theirs.access_token)).status).toBe(200);
  });

  it('an access token lives 3600 seconds on the sandbox clock', async () => {
    const tokens = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    await f.advanceClock(3590);
    expect((await f.resources(tokens.access_token)).status).toBe(200);
    await f.advanceClock(11);
    expect((await f.resources(tokens.access_token)).status).toBe(401);
  });

  it('an injected 429 carries Retry-After, then calls answer normally again', async () => {
    const tokens = await f.tokens(solo.email, CONFLUENCE_SCOPES);
    const fault = await f.admin('/admin/faults', {
      target: 'accessible-resources',
      status: 429,
      retryAfterSeconds: 7,
      count: 2,
    });
    expect(fault.status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const limited = await f.resources(tokens.access_token);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toEqual({ code: 429, message: 'Rate limit exceeded' });
    }
    expect((await f.resources(tokens.access_token)).status).toBe(200);
  });
});
