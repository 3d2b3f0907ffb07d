import { ensureDefaultSpaces } from '../../../src';
import { call, ConfluenceFixture } from './support/confluence-fixture';

describe('Confluence REST v2: who may call what', () => {
  let fx: ConfluenceFixture;
  let spaceId: string;
  const api = (path: string) => `${fx.gatewayBase}/wiki/api/v2${path}`;

  beforeAll(async () => {
    fx = await ConfluenceFixture.start();
    spaceId = ensureDefaultSpaces(fx.state, fx.cloudId).find((s) => s.key === 'DEV')!.id;
  });
  afterAll(() => fx.close());

  it('seeds DEV and TEAM once, however often it is called', async () => {
    ensureDefaultSpaces(fx.state, fx.cloudId);
    const res = await call(api('/spaces'), fx.bearer(fx.token()));
    expect(res.body.results.map((s: { key: string }) => s.key).sort()).toEqual(['DEV', 'TEAM']);
  });

  it('answers a missing scope with 401 and X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK', async () => {
    const readOnly = fx.token(['read:space:confluence', 'read:page:confluence']);
    const res = await call(api('/pages'), fx.bearer(readOnly), { spaceId, title: 'Nope' });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
    expect(res.body).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    expect((await call(api('/pages'), fx.bearer(readOnly))).status).toBe(200);
    const noSpaces = await call(api('/spaces'), fx.bearer(fx.token(['read:page:confluence'])));
    expect(noSpaces.status).toBe(401);
    expect(noSpaces.headers.get('x-failure-category')).toBe('FAILURE_CLIENT_SCOPE_CHECK');
  });

  it('answers 401 for an expired, a revoked, an unknown token and one whose grant lacks the site', async () => {
    const expired = fx.token(undefined, -1);
    const revoked = fx.token();
    fx.state.accessTokens.get(revoked)!.revokedAt = fx.state.now();
    const revokedGrant = fx.token();
    fx.state.grants.get(fx.state.accessTokens.get(revokedGrant)!.grantId)!.revokedAt = fx.state.now();
    const otherSite = fx.token(undefined, 3600, ['another-cloud-id']);
    for (const token of [expired, revoked, revokedGrant, 'sbx-at-unknown', otherSite]) {
      const res = await call(api('/spaces'), fx.bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers.get('x-failure-category')).toBeNull();
    }
    expect((await call(api('/spaces'), {})).status).toBe(401);
  });

  it('expires a token by the sandbox clock', async () => {
    const token = fx.token(undefined, 60);
    expect((await call(api('/spaces'), fx.bearer(token))).status).toBe(200);
    fx.state.advanceClock(61);
    expect((await call(api('/spaces'), fx.bearer(token))).status).toBe(401);
  });

  it('serves the site path with Basic auth, and refuses a wrong API token or a 3LO token there', async () => {
    const site = `${fx.siteBase}/wiki/api/v2`;
    const ok = await call(`${site}/pages`, fx.basic(), { spaceId, title: 'Over Basic' });
    expect(ok.status).toBe(200);
    expect((await call(`${site}/pages/${ok.body.id}`, fx.basic())).body.title).toBe('Over Basic');
    expect((await call(`${site}/spaces`, fx.basic('wrong-token'))).status).toBe(401);
    expect((await call(`${site}/spaces`, fx.bearer(fx.token()))).status).toBe(401);
    expect((await call(`${fx.sandbox.url}/sites/nowhere/wiki/api/v2/spaces`, fx.basic())).status).toBe(404);
  });

  it('answers the removed v1 content API with 410 through the gateway and on the site', async () => {
    const body = { type: 'page', title: 'v1', space: { key: 'DEV' } };
    for (const res of [
      await call(`${fx.gatewayBase}/wiki/rest/api/content`, fx.bearer(fx.token()), body),
      await call(`${fx.gatewayBase}/wiki/rest/api/content/123?expand=body.storage`, fx.bearer(fx.token())),
      await call(`${fx.siteBase}/wiki/rest/api/content`, fx.basic(), body),
    ]) {
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ statusCode: 410, message: 'This deprecated endpoint has been removed' });
    }
  });

  it('answers v1 routes it does not serve with 501 (only add-label and CQL search are served), after authentication', async () => {
    for (const res of [
      await call(`${fx.gatewayBase}/wiki/rest/api/space?limit=1`, fx.bearer(fx.token())),
      await call(`${fx.siteBase}/wiki/rest/api/user/current`, fx.basic()),
    ]) {
      expect(res.status).toBe(501);
      expect(res.body).toEqual({
        statusCode: 501,
        message: expect.stringMatching(/of Confluence REST v1 it serves only add-label and CQL search$/),
      });
    }
    expect((await call(`${fx.gatewayBase}/wiki/rest/api/space`, {})).status).toBe(401);
  });

  it('answers an injected 429 with Retry-After, then serves normally', async () => {
    const token = fx.token();
    const before = fx.state.counters.apiCalls;
    fx.state.faults.push({ target: 'api', status: 429, retryAfterSeconds: 7, remaining: 1 });
    const limited = await call(api('/spaces'), fx.bearer(token));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const after = await call(api('/spaces'), fx.bearer(token));
    expect(after.status).toBe(200);
    expect(fx.state.counters.apiCalls).toBe(before + 2);
  });

  it('answers an operation of the document the sandbox does not implement with 501', async () => {
    const res = await call(api('/footer-comments'), fx.bearer(fx.token()));
    expect(res.status).toBe(501);
  });
});
