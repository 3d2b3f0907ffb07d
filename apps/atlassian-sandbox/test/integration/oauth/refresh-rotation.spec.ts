import { CONFLUENCE_SCOPES, OAuthFixture } from './support/oauth-fixture';

const SCOPES = [...CONFLUENCE_SCOPES, 'offline_access'];
const DAY = 24 * 3600;

describe('POST /oauth/token: refresh_token rotation', () => {
  let f: OAuthFixture;
  let n = 0;
  /** A fresh user per test: grants (and their revocation) are per user and client. */
  const freshTokens = async () => {
    const email = `rotor${++n}@example.com`;
    await f.user(email, [`rotor-site-${n}`]);
    return f.tokens(email, SCOPES);
  };

  beforeAll(async () => {
    f = await OAuthFixture.start();
  });
  afterAll(() => f.close());

  it('each refresh answers a new access token and a new refresh token', async () => {
    const first = await freshTokens();
    const res = await f.refresh(first.refresh_token as string);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      scope: SCOPES.join(' '),
      token_type: 'Bearer',
      refresh_token: expect.any(String),
    });
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    expect(res.body.access_token).not.toBe(first.access_token);
    expect((await f.refresh(res.body.refresh_token)).status).toBe(200);
  });

  it('a rotated-out refresh token still works inside the 10-minute leeway', async () => {
    const first = await freshTokens();
    const second = await f.refresh(first.refresh_token as string);
    await f.advanceClock(9 * 60);
    const reuse = await f.refresh(first.refresh_token as string);
    expect(reuse.status).toBe(200);
    expect(reuse.body.refresh_token).not.toBe(second.body.refresh_token);
    // Nothing was revoked: the token from the first rotation and its access token still work.
    expect((await f.resources(second.body.access_token)).status).toBe(200);
    expect((await f.refresh(second.body.refresh_token)).status).toBe(200);
  });

  it('reused after the leeway: 403 unauthorized_client and the whole grant is revoked', async () => {
    const first = await freshTokens();
    const second = await f.refresh(first.refresh_token as string);
    expect(second.status).toBe(200);
    await f.advanceClock(11 * 60);
    const reuse = await f.refresh(first.refresh_token as string);
    expect(reuse.status).toBe(403);
    expect(reuse.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'refresh_token is invalid',
    });
    // The newest refresh token and every access token of the grant stop working.
    const newest = await f.refresh(second.body.refresh_token);
    expect(newest.status).toBe(403);
    expect(newest.body.error).toBe('invalid_grant');
    expect((await f.resources(second.body.access_token)).status).toBe(401);
    expect((await f.resources(first.access_token)).status).toBe(401);
    const counters = await f.admin('/admin/counters');
    expect(counters.body.refreshTokenReuseRevocations).toBeGreaterThanOrEqual(1);
  });

  it('an unknown refresh token is 403 invalid_grant with Atlassian’s description', async () => {
    const res = await f.refresh('sbx-rt-never-issued');
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
  });

  it('a refresh token of another client is refused', async () => {
    const first = await freshTokens();
    const other = await f.admin('/admin/clients', { name: 'Other', redirectUris: ['http://127.0.0.1:9/x'] });
    const res = await f.token({
      grant_type: 'refresh_token',
      client_id: other.body.clientId,
      client_secret: other.body.clientSecret,
      refresh_token: first.refresh_token as string,
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('invalid_grant');
    expect((await f.refresh(first.refresh_token as string)).status).toBe(200);
  });

  it('a refresh token unused for 90 days has expired; one used within 90 days has not', async () => {
    const idle = await freshTokens();
    const active = await freshTokens();
    await f.advanceClock(89 * DAY);
    const used = await f.refresh(active.refresh_token as string);
    expect(used.status).toBe(200);
    await f.advanceClock(2 * DAY);
    const expired = await f.refresh(idle.refresh_token as string);
    expect(expired.status).toBe(403);
    expect(expired.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
    expect((await f.refresh(used.body.refresh_token)).status).toBe(200);
  });

  it('365 days after consent every refresh token expires, however recently rotated', async () => {
    let current = (await freshTokens()).refresh_token as string;
    for (let i = 0; i < 4; i += 1) {
      await f.advanceClock(80 * DAY);
      const res = await f.refresh(current);
      expect(res.status).toBe(200);
      current = res.body.refresh_token;
    }
    // 370 days after consent the newest token is only 50 days old, but the grant has ended.
    await f.advanceClock(50 * DAY);
    const res = await f.refresh(current);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('counters count the refresh grants served (and not the refused ones)', async () => {
    const first = await freshTokens();
    const before = (await f.admin('/admin/counters')).body;
    const a = await f.refresh(first.refresh_token as string);
    await f.refresh(a.body.refresh_token);
    await f.refresh('sbx-rt-unknown');
    const after = (await f.admin('/admin/counters')).body;
    expect(after.refreshTokenGrants - before.refreshTokenGrants).toBe(2);
    expect(after.authorizationCodeGrants).toBe(before.authorizationCodeGrants);
  });
});
