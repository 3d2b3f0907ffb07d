jest.mock('jose', () => jest.requireActual('../../__tests__/support/jose-for-jest').joseForJest());

import { Controller, Get } from '@nestjs/common';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startTestApp, TestApp, testConfig, USER_SECRET } from '../../__tests__/support/test-app';
import { signDevToken } from '../sign-tokens';

@Controller('v1/apps/:appId/profiles')
class ProfilesController {
  @Get()
  list(): { items: never[] } {
    return { items: [] };
  }
}

describe('AppAccessGuard with a JWKS URL', () => {
  let jwksServer: Server;
  let testApp: TestApp;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as AddressInfo;

    testApp = await startTestApp(
      { controllers: [ProfilesController] },
      {
        config: testConfig({
          JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
          JWT_ISSUER: 'https://id.example',
        }),
      },
    );
  });
  afterAll(async () => {
    await testApp.close();
    jwksServer.close();
  });

  const status = async (token: string) =>
    (await fetch(`${testApp.url}/v1/apps/app-1/profiles`, { headers: { authorization: `Bearer ${token}` } }))
      .status;

  const rsToken = (claims: Record<string, unknown>, issuer = 'https://id.example') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setSubject('dev-1')
      .setIssuer(issuer)
      .setExpirationTime('5m')
      .sign(privateKey);

  it('accepts a token signed by a key from the set', async () => {
    expect(await status(await rsToken({ apps: ['app-1'], edition: 'enterprise' }))).toBe(200);
  });

  it('refuses another issuer, and HS256 tokens even with the configured secret', async () => {
    expect(
      await status(await rsToken({ apps: ['app-1'], edition: 'enterprise' }, 'https://other.example')),
    ).toBe(401);
    const hs = await signDevToken(
      { sub: 'dev-1', apps: ['app-1'], edition: 'enterprise', issuer: 'https://id.example' },
      USER_SECRET,
    );
    expect(await status(hs)).toBe(401);
  });
});
