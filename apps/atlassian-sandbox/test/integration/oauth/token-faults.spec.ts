import { call, CONFLUENCE_SCOPES, OAuthFixture } from './support/oauth-fixture';

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

  it('a delay answers the real grant late; a client that gives up first gets nothing and rotates nothing', async () => {
    const tokens = await f.tokens('faulty@example.com', [...CONFLUENCE_SCOPES, 'offline_access']);
    await f.admin('/admin/faults', { target: 'token', delayMs: 300, count: 2 });
    const started = Date.now();
    const late = await f.refresh(tokens.refresh_token as string);
    expect(late.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const before = (await f.admin('/admin/counters')).body;
    const gaveUp = call(`${f.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        client_id: f.clientId,
        client_secret: f.clientSecret,
        refresh_token: late.body.refresh_token,
      }),
      signal: AbortSignal.timeout(50),
    });
    await expect(gaveUp).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400));
    const after = (await f.admin('/admin/counters')).body;
    expect(after.refreshTokenGrants).toBe(before.refreshTokenGrants);
    expect(after.tokenRequests).toBe(before.tokenRequests + 1);
    // The abandoned request did not retire the token: it refreshes normally, without leeway games.
    expect((await f.refresh(late.body.refresh_token)).status).toBe(200);
  });

  it('a delayed error, and an error as an HTML page (a proxy in front of the endpoint)', async () => {
    await f.admin('/admin/faults', { target: 'token', status: 503, delayMs: 100 });
    await f.admin('/admin/faults', { target: 'token', status: 502, html: true });
    const delayed = await f.refresh('anything');
    expect(delayed.status).toBe(503);
    expect(delayed.body).toEqual({ code: 503, message: 'Service Unavailable' });
    const page = await f.refresh('anything');
    expect(page.status).toBe(502);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('an endless answer sends 200 and headers, then a body that never completes', async () => {
    await f.admin('/admin/faults', { target: 'token', endless: true });
    const controller = new AbortController();
    const res = await fetch(`${f.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = '';
    const decoder = new TextDecoder();
    while (received.length < 20) received += decoder.decode((await reader.read()).value);
    expect(received).toMatch(/^\{"access_token":"a+/);
    const finished = await Promise.race([
      reader.read().then((r) => r.done),
      new Promise((r) => setTimeout(() => r('still streaming'), 500)),
    ]);
    expect(finished).not.toBe(true);
    expect(f.sandbox.state.counters.endlessAnswersOpen).toBe(1);
    controller.abort();
    for (let i = 0; i < 50 && f.sandbox.state.counters.endlessAnswersOpen > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(f.sandbox.state.counters.endlessAnswersOpen).toBe(0);
  });

  it('a fault for one client leaves the others alone; GET /admin/faults lists and DELETE clears what is pending', async () => {
    const tokens = await f.tokens('faulty@example.com', [...CONFLUENCE_SCOPES, 'offline_access']);
    await call(`${f.url}/admin/faults`, { method: 'DELETE' });
    await f.admin('/admin/faults', { target: 'token', status: 503, clientId: 'someone-else', count: 5 });
    expect((await f.refresh(tokens.refresh_token as string)).status).toBe(200);
    expect((await f.admin('/admin/faults')).body.items).toEqual([
      { target: 'token', status: 503, clientId: 'someone-else', remaining: 5 },
    ]);
    const cleared = await call(`${f.url}/admin/faults`, { method: 'DELETE' });
    expect(cleared.body).toEqual({ cleared: 1 });
    expect(f.sandbox.state.faults).toEqual([]);
  });
});
