jest.mock('jose', () => jest.requireActual('../../__tests__/support/jose-for-jest').joseForJest());

import { Controller, Get } from '@nestjs/common';
import { SignJWT } from 'jose';
import { startTestApp, TestApp, testConfig, USER_SECRET } from '../../__tests__/support/test-app';
import { AppPrincipal } from '../principal';
import { Principal } from '../principal.decorator';
import { Public } from '../public.decorator';
import { signDevToken, signServiceToken } from '../sign-tokens';

@Controller('v1')
class AppsController {
  @Get('apps/:appId/profiles')
  list(@Principal() principal: AppPrincipal): { principal: AppPrincipal } {
    return { principal };
  }

  @Get('me')
  me(@Principal() principal: AppPrincipal): { sub: string } {
    return { sub: principal.sub };
  }

  @Public()
  @Get('oauth/callback')
  callback(): { ok: true } {
    return { ok: true };
  }
}

const claims = { sub: 'dev-1', apps: ['app-1', 'app-2'], edition: 'developer' as const };

describe('AppAccessGuard', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ controllers: [AppsController] });
  });
  afterAll(() => testApp.close());

  async function get(path: string, token?: string) {
    const response = await fetch(`${testApp.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as Record<string, unknown>,
    };
  }

  it('lets a valid token through and hands the principal to the handler', async () => {
    const { status, body } = await get('/v1/apps/app-1/profiles', await signDevToken(claims, USER_SECRET));

    expect(status).toBe(200);
    expect(body.principal).toEqual({ kind: 'app', ...claims });
  });

  it('answers 401 unauthorized with WWW-Authenticate when no token is sent', async () => {
    const { status, headers, body } = await get('/v1/apps/app-1/profiles');

    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('answers 401 to a token signed with another secret', async () => {
    const { status, headers, body } = await get(
      '/v1/apps/app-1/profiles',
      await signDevToken(claims, 'x'.repeat(40)),
    );

    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(body).toMatchObject({ code: 'unauthorized' });
  });

  it('answers 401 to an expired token', async () => {
    const expired = await signDevToken(
      { ...claims, expiresIn: Math.floor(Date.now() / 1000) - 60 },
      USER_SECRET,
    );

    expect((await get('/v1/apps/app-1/profiles', expired)).status).toBe(401);
  });

  it('answers 401 to garbage and to an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');

    expect((await get('/v1/apps/app-1/profiles', 'not-a-jwt')).status).toBe(401);
    expect((await get('/v1/apps/app-1/profiles', `${header}.${payload}.`)).status).toBe(401);
  });

  it('answers 401 when the edition or apps claim is missing', async () => {
    const token = await new SignJWT({ apps: ['app-1'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dev-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(USER_SECRET));

    expect((await get('/v1/apps/app-1/profiles', token)).status).toBe(401);
  });

  it('answers 404 not_found, not 403, when the app is not in the token', async () => {
    const { status, body } = await get(
      '/v1/apps/someone-elses-app/profiles',
      await signDevToken(claims, USER_SECRET),
    );

    expect(status).toBe(404);
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refuses a service token on a /v1 route, even one signed with the user-token secret', async () => {
    const { status } = await get('/v1/me', await signServiceToken(USER_SECRET, 'dialogs'));

    expect(status).toBe(401);
  });

  it('answers 401 to a token without exp: a leaked one would be good forever', async () => {
    const forever = await new SignJWT({ apps: ['app-1'], edition: 'developer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dev-1')
      .setIssuedAt()
      .sign(new TextEncoder().encode(USER_SECRET));

    const { status, body } = await get('/v1/apps/app-1/profiles', forever);

    expect(status).toBe(401);
    expect(body).toMatchObject({ code: 'unauthorized', detail: 'The bearer token has no expiry (exp).' });
  });

  it('requires a token on routes without an appId too', async () => {
    expect((await get('/v1/me')).status).toBe(401);
    expect((await get('/v1/me', await signDevToken(claims, USER_SECRET))).body).toEqual({ sub: 'dev-1' });
  });

  it('leaves @Public() routes open', async () => {
    expect((await get('/v1/oauth/callback')).status).toBe(200);
  });

  it('checks the issuer when JWT_ISSUER is set', async () => {
    const strict = await startTestApp(
      { controllers: [AppsController] },
      { config: testConfig({ JWT_ISSUER: 'https://id.actionhub.dev' }) },
    );
    try {
      const call = async (token: string) =>
        (await fetch(`${strict.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;

      expect(
        await call(await signDevToken({ ...claims, issuer: 'https://id.actionhub.dev' }, USER_SECRET)),
      ).toBe(200);
      expect(await call(await signDevToken({ ...claims, issuer: 'https://evil.example' }, USER_SECRET))).toBe(
        401,
      );
      expect(await call(await signDevToken(claims, USER_SECRET))).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
