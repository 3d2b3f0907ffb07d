import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';

// Custom profiles: create, read, update, delete, validation, SSRF rules, the Test button,
// and one app never seeing another's profiles.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
const appId = randomUUID();
let token: string;
let sandbox: string;

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  token = await developerToken([appId]);
  sandbox = world.sandbox.url.replace(/\/$/, '');
});

afterAll(() => world.stop());

const profiles = (path = '', app = appId) => `${service.url}/v1/apps/${app}/auth-profiles${path}`;
const validProfile = () => ({
  type: 'oauth2',
  name: `Profile ${randomUUID().slice(0, 8)}`,
  identityProviderName: 'Atlassian',
  clientId: 'client-1',
  clientSecret: 'very-secret-value-1',
  authorizationUrl: `${sandbox}/authorize`,
  tokenUrl: `${sandbox}/oauth/token`,
  scopes: ['read:page:confluence'],
});

it('lists the System profile read-only, with no secret', async () => {
  const listed = await call('GET', profiles(), token);
  expect(listed.status).toBe(200);
  expect(listed.body.items).toEqual([
    expect.objectContaining({
      profileId: 'system',
      kind: 'system',
      actionKey: 'confluence',
      readOnly: true,
      hasClientSecret: true,
    }),
  ]);
  expect(listed.body.nextCursor).toBeNull();
  expect(JSON.stringify(listed.body)).not.toContain('clientSecret"');
});

it('creates, reads, updates and deletes a custom OAuth v2 profile; the secret never comes back', async () => {
  const created = await call('POST', profiles(), token, validProfile());
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    kind: 'custom',
    type: 'oauth2',
    hasClientSecret: true,
    callbackUrl: world.callbackUrl,
    refreshTokenUrl: `${sandbox}/oauth/token`,
    tokenRequestAuth: 'client_secret_post',
    pkce: false,
  });
  expect(JSON.stringify(created.body)).not.toContain('very-secret-value-1');
  const id = created.body.profileId;

  const patched = await call('PATCH', profiles(`/${id}`), token, {
    scopes: ['read:space:confluence'],
    pkce: true,
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({
    scopes: ['read:space:confluence'],
    pkce: true,
    name: created.body.name,
  });
  expect(
    (await call('PATCH', profiles(`/${id}`), token, { callbackUrl: 'https://evil.example' })).status,
  ).toBe(400);

  expect((await call('GET', profiles(`/${id}`), token)).body.scopes).toEqual(['read:space:confluence']);
  expect((await call('DELETE', profiles(`/${id}`), token)).status).toBe(204);
  const gone = await call('GET', profiles(`/${id}`), token);
  expect(gone.status).toBe(404);
  expect(gone.body.code).toBe('profile_not_found');
});

it('creates Basic profiles', async () => {
  const created = await call('POST', profiles(), token, {
    type: 'basic',
    name: 'Basic one',
    identityProviderName: 'Atlassian',
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ type: 'basic', kind: 'custom' });
});

it('answers 400 validation_failed naming each bad field', async () => {
  const answer = await call('POST', profiles(), token, {
    ...validProfile(),
    clientId: 'x'.repeat(256),
    tokenUrl: 'not a url',
    authorizationUrl: `https://example.com/${'a'.repeat(3000)}`,
    authorizationParams: { state: 'mine' },
  });
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.code).toBe('validation_failed');
  const paths = answer.body.errors.map((e: { path: string }) => e.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'body.clientId',
      'body.tokenUrl',
      'body.authorizationUrl',
      'body.authorizationParams',
    ]),
  );
  expect(JSON.stringify(answer.body)).not.toContain('very-secret-value-1');
});

it('a second profile with the same name is 409 profile_name_taken', async () => {
  const body = validProfile();
  expect((await call('POST', profiles(), token, body)).status).toBe(201);
  const again = await call('POST', profiles(), token, body);
  expect(again.status).toBe(409);
  expect(again.body.code).toBe('profile_name_taken');
});

describe('SSRF: custom URLs may not reach private, loopback, link-local or metadata addresses', () => {
  it.each([
    ['loopback by name', 'https://localhost/token'],
    ['loopback', 'https://127.0.0.1:8443/token'],
    ['loopback as a decimal number', 'https://2130706433/token'],
    ['private', 'https://10.1.2.3/token'],
    ['private 192.168', 'https://192.168.0.10/token'],
    ['link-local metadata', 'https://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', 'https://[::1]/token'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/token'],
    ['IPv6 unique local (cloud metadata)', 'https://[fd00:ec2::254]/token'],
    ['plain http', 'http://auth.example.com/token'],
  ])('%s is refused with 400 url_not_allowed', async (_name, url) => {
    const answer = await call('POST', profiles(), token, { ...validProfile(), tokenUrl: url });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('url_not_allowed');
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'body.tokenUrl' })]);
  });

  it('also on PATCH', async () => {
    const created = await call('POST', profiles(), token, validProfile());
    const answer = await call('PATCH', profiles(`/${created.body.profileId}`), token, {
      refreshTokenUrl: 'https://10.0.0.1/',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('url_not_allowed');
  });

  it('the allow-list (here: the sandbox) is accepted', async () => {
    expect((await call('POST', profiles(), token, validProfile())).status).toBe(201);
  });
});

describe('the Test button', () => {
  it('reports that the token endpoint accepted a registered client', async () => {
    const { registerClient } = await import('@actionhub/atlassian-sandbox');
    const client = { clientId: `c-${randomUUID()}`, clientSecret: `s-${randomUUID()}` };
    registerClient(world.sandbox.state, { ...client, name: 'tested', redirectUris: [world.callbackUrl] });
    const created = await call('POST', profiles(), token, { ...validProfile(), ...client });
    const tested = await call('POST', profiles(`/${created.body.profileId}/test`), token);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, status: 403 });
    expect(tested.body.detail).toContain('client was accepted');
  });

  it('reports a wrong client secret as a failure, with the provider’s answer', async () => {
    const created = await call('POST', profiles(), token, { ...validProfile(), clientId: 'unknown-client' });
    const tested = await call('POST', profiles(`/${created.body.profileId}/test`), token);
    expect(tested.body).toMatchObject({ ok: false, status: 401 });
    expect(tested.body.detail).toContain('refused the client');
    expect(JSON.stringify(tested.body)).not.toContain('very-secret-value-1');
  });
});

it('another app’s profile is 404 for every route, and does not appear in lists', async () => {
  const created = await call('POST', profiles(), token, validProfile());
  const otherApp = randomUUID();
  const other = await developerToken([otherApp]);
  const id = created.body.profileId;
  for (const [method, path] of [
    ['GET', `/${id}`],
    ['PATCH', `/${id}`],
    ['DELETE', `/${id}`],
    ['POST', `/${id}/test`],
  ] as const) {
    const answer = await call(
      method,
      profiles(path, otherApp),
      other,
      method === 'PATCH' ? { name: 'mine now' } : undefined,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('profile_not_found');
  }
  const theirs = await call('GET', profiles('', otherApp), other);
  expect(theirs.body.items.map((p: { profileId: string }) => p.profileId)).toEqual(['system']);
  // And a token that does not list the app at all gets 404 too.
  expect((await call('GET', profiles(`/${id}`), other)).status).toBe(404);
});
