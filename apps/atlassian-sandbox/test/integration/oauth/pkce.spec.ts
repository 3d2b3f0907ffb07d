import { createHash, randomBytes } from 'node:crypto';
import { CONFLUENCE_SCOPES, OAuthFixture, REDIRECT_URI } from './support/oauth-fixture';

// PKCE (RFC 7636) as Atlassian's 3LO takes it: a code_challenge on /authorize binds the code to
// its verifier, and the token endpoint refuses the exchange without the matching verifier.

describe('PKCE on the authorization code grant', () => {
  let f: OAuthFixture;
  const email = 'pkce@example.com';
  const scopes = [...CONFLUENCE_SCOPES, 'offline_access'];
  const verifier = () => randomBytes(32).toString('base64url');
  const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');

  beforeAll(async () => {
    f = await OAuthFixture.start();
    await f.user(email, ['pkce-site']);
  });
  afterAll(() => f.close());

  /** Consent with a challenge: answers the code. */
  async function codeFor(challenge: Record<string, string>): Promise<string> {
    const page = await f.page(f.authorizeUrl({ login_hint: email, scope: scopes.join(' '), ...challenge }));
    expect(page.status).toBe(200);
    const res = await f.submit(page.html, 'allow');
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') as string).searchParams.get('code') as string;
  }

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    f.token({
      grant_type: 'authorization_code',
      client_id: f.clientId,
      client_secret: f.clientSecret,
      code,
      redirect_uri: REDIRECT_URI,
      ...extra,
    });

  it('exchanges the code with the verifier of its S256 challenge', async () => {
    const v = verifier();
    const code = await codeFor({ code_challenge: s256(v), code_challenge_method: 'S256' });
    const res = await exchange(code, { code_verifier: v });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
  });

  it('refuses a wrong verifier with invalid_grant, and the code is spent', async () => {
    const v = verifier();
    const code = await codeFor({ code_challenge: s256(v), code_challenge_method: 'S256' });
    const wrong = await exchange(code, { code_verifier: verifier() });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Failed to verify code verifier',
    });
    expect((await exchange(code, { code_verifier: v })).status).toBe(403);
  });

  it('refuses an exchange without the verifier when a challenge was sent', async () => {
    const code = await codeFor({ code_challenge: s256(verifier()), code_challenge_method: 'S256' });
    const res = await exchange(code);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a challenge without a method is the plain verifier (RFC 7636 §4.3)', async () => {
    const v = verifier();
    const code = await codeFor({ code_challenge: v });
    expect((await exchange(code, { code_verifier: v })).status).toBe(200);
  });

  it('refuses a malformed challenge or an unknown method on the consent page, without a redirect', async () => {
    const short = await f.page(f.authorizeUrl({ login_hint: email, code_challenge: 'too-short' }));
    expect(short.status).toBe(400);
    expect(short.html).toContain('code_challenge is malformed');
    const method = await f.page(
      f.authorizeUrl({ login_hint: email, code_challenge: s256(verifier()), code_challenge_method: 'S512' }),
    );
    expect(method.status).toBe(400);
    expect(method.html).toContain('Unsupported code_challenge_method');
    expect(method.location).toBeNull();
  });

  it('a code issued without a challenge still exchanges without a verifier', async () => {
    expect((await exchange(await codeFor({}))).status).toBe(200);
  });
});
