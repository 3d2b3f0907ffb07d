import { CONFLUENCE_SCOPES, OAuthFixture } from './support/oauth-fixture';

describe('fault injection on POST /oauth/token', () => {
  let f: OAuthFixture;
  beforeAll(async () => {
    f = await OAuthFixture.start();
    await f.user('faulty@example.com', ['fault-site']);
  });
  afterAll(() => f.close());

  it('answers the injected 429 with Retry-After, then refreshes normally', async () => {
    const tokens = await f.tokens('faulty@example.com', [...CONFLUENCE_SCOPES, 'offline_access']);
    await f.admin('/admin/faults', { target: 'token', status: 429, retryAfterSeconds: 30, count: 1 });
    const limited = await f.refresh(tokens.refresh_token as string);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    // The refused call did not rotate the token: it still works afterwards.
    const ok = await f.refresh(tokens.refresh_token as string);
    expect(ok.status).toBe(200);
    const counters = (await f.admin('/admin/counters')).body;
    expect(counters.refreshTokenGrants).toBe(1);
    expect(counters.faultsServed).toBe(1);
  });

  it('answers an injected 503 for the next N calls only, without Retry-After unless asked', async () => {
    const tokens = await f.tokens('faulty@example.com', [...CONFLUENCE_SCOPES, 'offline_access']);
    await f.admin('/admin/faults', { target: 'token', status: 503, count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const res = await f.refresh(tokens.refresh_token as string);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeNull();
      expect(res.body).toEqual({ code: 503, message: 'Service Unavailable' });
    }
    expect((await f.refresh(tokens.refresh_token as string)).status).toBe(200);
  });

  it('an api fault does not touch the token endpoint', async () => {
    const tokens = await f.tokens('faulty@example.com', [...CONFLUENCE_SCOPES, 'offline_access']);
    await f.admin('/admin/faults', { target: 'api', status: 500, count: 1 });
    expect((await f.refresh(tokens.refresh_token as string)).status).toBe(200);
  });
});
