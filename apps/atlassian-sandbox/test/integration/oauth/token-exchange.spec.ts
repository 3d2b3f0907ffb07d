import { CONFLUENCE_SCOPES, OAuthFixture, REDIRECT_URI } from './support/oauth-fixture';

describe('POST /oauth/token: authorization_code', () => {
  let f: OAuthFixture;
  const email = 'coder@example.com';
  const withOffline = [...CONFLUENCE_SCOPES, 'offline_access'];

  beforeAll(async () => {
    f = await OAuthFixture.start();
    await f.user(email, ['code-site']);
  });
  afterAll(() => f.close());

  it('exchanges a code sent as JSON for Atlassian’s token answer', async () => {
    const res = await f.exchange(await f.authorize(email, withOffline));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      expires_in: 3600,
      scope: withOffline.join(' '),
      token_type: 'Bearer',
      refresh_token: expect.any(String),
    });
    expect((await f.resources(res.body.access_token)).status).toBe(200);
  });

  it('accepts a form body and client_secret_basic', async () => {
    const form = await f.token(
      {
        grant_type: 'authorization_code',
        client_id: f.clientId,
        client_secret: f.clientSecret,
        code: await f.authorize(email, withOffline),
        redirect_uri: REDIRECT_URI,
      },
      'form',
    );
    expect(form.status).toBe(200);
    expect(form.body.token_type).toBe('Bearer');

    const basic = Buffer.from(`${f.clientId}:${f.clientSecret}`).toString('base64');
    const viaBasic = await f.token(
      {
        grant_type: 'authorization_code',
        code: await f.authorize(email, withOffline),
        redirect_uri: REDIRECT_URI,
      },
      'form',
      { authorization: `Basic ${basic}` },
    );
    expect(viaBasic.status).toBe(200);
    expect(viaBasic.body.access_token).not.toBe(form.body.access_token);
  });

  it('answers no refresh_token without offline_access', async () => {
    const res = await f.exchange(await f.authorize(email, CONFLUENCE_SCOPES));
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe(CONFLUENCE_SCOPES.join(' '));
    expect(res.body).not.toHaveProperty('refresh_token');
  });

  it('a code works once: the second exchange is 403 invalid_grant', async () => {
    const code = await f.authorize(email, withOffline);
    expect((await f.exchange(code)).status).toBe(200);
    const again = await f.exchange(code);
    expect(again.status).toBe(403);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('a code is bound to its redirect_uri and its client', async () => {
    const code = await f.authorize(email, withOffline);
    const otherUri = await f.exchange(code, `${REDIRECT_URI}?other=1`);
    expect(otherUri.status).toBe(403);
    expect(otherUri.body.error).toBe('invalid_grant');

    const other = await f.admin('/admin/clients', { name: 'Other', redirectUris: [REDIRECT_URI] });
    const otherClient = await f.token({
      grant_type: 'authorization_code',
      client_id: other.body.clientId,
      client_secret: other.body.clientSecret,
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(otherClient.status).toBe(403);
    expect(otherClient.body.error).toBe('invalid_grant');
    // Neither failure used the code up: the right client with the right URI still gets tokens.
    expect((await f.exchange(code)).status).toBe(200);
  });

  it('a code expires after 10 minutes', async () => {
    const code = await f.authorize(email, withOffline);
    await f.advanceClock(601);
    const res = await f.exchange(code);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a wrong client secret is 401 access_denied, as Atlassian answers it', async () => {
    const code = await f.authorize(email, withOffline);
    const res = await f.token({
      grant_type: 'authorization_code',
      client_id: f.clientId,
      client_secret: 'wrong',
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    const refresh = await f.token({
      grant_type: 'refresh_token',
      client_id: f.clientId,
      client_secret: 'wrong',
      refresh_token: 'whatever',
    });
    expect(refresh.status).toBe(401);
    expect(refresh.body).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
  });

  it('an unknown code is 403 invalid_grant; an unsupported grant_type is 400', async () => {
    const unknown = await f.exchange('not-a-code');
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toBe('invalid_grant');
    const password = await f.token({
      grant_type: 'password',
      client_id: f.clientId,
      client_secret: f.clientSecret,
    });
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');
  });
});
