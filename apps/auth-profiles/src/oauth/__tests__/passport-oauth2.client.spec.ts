import { OutboundHttpClient, OutboundUrlPolicy } from '@actionhub/service-kit';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { OAuthProfile, TokenEndpointError } from '../oauth-profile';
import { outboundFailureOf, PassportOAuth2Client } from '../passport-oauth2.client';

// The token requests go through the outbound client: a local token endpoint (allow-listed, as
// development allows the sandbox) shows what is sent, a stubbed resolver what is looked up.
describe('PassportOAuth2Client token requests', () => {
  let server: http.Server;
  let origin: string;
  const requests: { path?: string; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ path: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'at', refresh_token: 'rt', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const asked: string[] = [];
  const client = () =>
    new PassportOAuth2Client(
      'https://actionhub.example/v1/oauth/callback',
      new OutboundHttpClient(
        new OutboundUrlPolicy([new URL(origin).host], async (host) => {
          asked.push(host);
          throw new Error('ENOTFOUND');
        }),
        2000,
      ),
    );
  const profile = (tokenUrl: string): OAuthProfile => ({
    profileId: 'p',
    clientId: 'client',
    clientSecret: 'secret',
    authorizationUrl: 'https://auth.example.com/authorize',
    tokenUrl,
    refreshTokenUrl: tokenUrl,
    scopes: ['read'],
    authorizationParams: {},
    tokenRequestAuth: 'client_secret_post',
    pkce: false,
    custom: true,
  });

  it('exchanges a code and refreshes through the outbound client', async () => {
    const tokens = await client().exchangeCode(profile(`${origin}/oauth/token`), 'the-code', null);
    expect(tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt', expiresIn: 3600 });
    expect(requests.at(-1)?.body).toContain('code=the-code');
    await client().refresh(profile(`${origin}/oauth/token`), 'rt');
    expect(new URLSearchParams(requests.at(-1)?.body).get('grant_type')).toBe('refresh_token');
  });

  it("reads https://127.0.0.1'.evil.com/ as the name it is, never as the loopback", async () => {
    const before = requests.length;
    const error = await client()
      .exchangeCode(profile("https://127.0.0.1'.evil.com/"), 'the-code', null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenEndpointError);
    expect(outboundFailureOf(error as TokenEndpointError)?.kind).toBe('not_allowed');
    expect(asked).toContain("127.0.0.1'.evil.com");
    expect(requests.length).toBe(before);
  });
});
