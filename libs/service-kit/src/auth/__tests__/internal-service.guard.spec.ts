jest.mock('jose', () => jest.requireActual('../../__tests__/support/jose-for-jest').joseForJest());

import { Controller, Post } from '@nestjs/common';
import { SignJWT } from 'jose';
import {
  INTERNAL_SECRET,
  startTestApp,
  TestApp,
  testConfig,
  USER_SECRET,
} from '../../__tests__/support/test-app';
import { RequestPrincipal } from '../principal';
import { Principal } from '../principal.decorator';
import { signDevToken, signServiceToken } from '../sign-tokens';

@Controller('internal/v1/apps/:appId/connections')
class InternalController {
  @Post('resolve')
  resolve(@Principal() principal: RequestPrincipal): { principal: RequestPrincipal } {
    return { principal };
  }
}

describe('InternalServiceGuard', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ controllers: [InternalController] });
  });
  afterAll(() => testApp.close());

  async function resolve(token?: string, path = '/internal/v1/apps/app-1/connections/resolve') {
    const response = await fetch(`${testApp.url}${path}`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('lets a service token through with a service principal', async () => {
    const { status, body } = await resolve(await signServiceToken(INTERNAL_SECRET, 'dialogs'));

    expect(status).toBe(201);
    expect(body.principal).toEqual({ kind: 'service', sub: 'dialogs' });
  });

  it('refuses a user token, even one that lists the app', async () => {
    const appToken = await signDevToken(
      { sub: 'dev-1', apps: ['app-1'], edition: 'enterprise' },
      USER_SECRET,
    );
    const { status, body } = await resolve(appToken);

    expect(status).toBe(401);
    expect(body).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a user token signed with the internal secret (no internal audience)', async () => {
    const appToken = await signDevToken(
      { sub: 'dev-1', apps: ['app-1'], edition: 'enterprise' },
      INTERNAL_SECRET,
    );

    expect((await resolve(appToken)).status).toBe(401);
  });

  it('refuses a missing token, another secret and an expired token', async () => {
    const expired = await signServiceToken(INTERNAL_SECRET, 'dialogs', {
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });

    expect((await resolve()).status).toBe(401);
    expect((await resolve(await signServiceToken('z'.repeat(40), 'dialogs'))).status).toBe(401);
    expect((await resolve(expired)).status).toBe(401);
  });

  it('refuses a service token without exp, or one that names no service (sub)', async () => {
    const key = new TextEncoder().encode(INTERNAL_SECRET);
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('dialogs')
      .setAudience('actionhub-internal')
      .sign(key);
    const anonymous = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('actionhub-internal')
      .setExpirationTime('5m')
      .sign(key);

    expect(await resolve(forever)).toMatchObject({
      status: 401,
      body: { detail: 'The bearer token has no expiry (exp).' },
    });
    expect(await resolve(anonymous)).toMatchObject({
      status: 401,
      body: { detail: 'The service token does not name its service (sub).' },
    });
  });

  it('guards the route however the path is cased', async () => {
    const appToken = await signDevToken(
      { sub: 'dev-1', apps: ['app-1'], edition: 'enterprise' },
      USER_SECRET,
    );

    expect((await resolve(appToken, '/INTERNAL/v1/apps/app-1/connections/resolve')).status).toBe(401);
  });

  it('refuses every token when no internal secret is configured', async () => {
    const { INTERNAL_JWT_SECRET: _unset, ...config } = testConfig();
    const closed = await startTestApp({ controllers: [InternalController] }, { config });
    try {
      const response = await fetch(`${closed.url}/internal/v1/apps/app-1/connections/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await signServiceToken(INTERNAL_SECRET, 'dialogs')}` },
      });

      expect(response.status).toBe(401);
    } finally {
      await closed.close();
    }
  });
});
