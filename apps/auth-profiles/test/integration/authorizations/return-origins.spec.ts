import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';

// After consent the browser goes to `returnTo` with the outcome: only to an origin the app
// registered (GET/PUT /v1/apps/{appId}/return-origins), so no link becomes an open redirect.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
const appId = randomUUID();
let token: string;

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  token = await developerToken([appId]);
});

afterAll(() => world.stop());

const origins = (body?: unknown, app = appId, t = token) =>
  call(body === undefined ? 'GET' : 'PUT', `${service.url}/v1/apps/${app}/return-origins`, t, body);

const authorize = (returnTo: string) =>
  call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'app' },
    returnTo,
  });

it('starts empty, and PUT replaces the list with normalized, distinct origins', async () => {
  expect(await origins()).toMatchObject({ status: 200, body: { origins: [] } });
  const put = await origins({
    origins: ['https://Builder.Example.com/', 'https://builder.example.com', 'http://localhost:5173'],
  });
  expect(put).toMatchObject({
    status: 200,
    body: { origins: ['https://builder.example.com', 'http://localhost:5173'] },
  });
  expect((await origins()).body).toEqual({
    origins: ['https://builder.example.com', 'http://localhost:5173'],
  });
  // Another app's list is its own.
  const other = randomUUID();
  expect((await origins(undefined, other, await developerToken([other]))).body).toEqual({ origins: [] });
});

it('refuses what is not a bare https origin, and too many or too long ones (400 validation_failed)', async () => {
  for (const bad of [
    'https://builder.example.com/path',
    'https://builder.example.com?x=1',
    'https://user:pw@builder.example.com',
    'http://builder.example.com',
    'javascript:alert(1)',
    'not a url',
    `https://${'a'.repeat(300)}.example.com`,
  ]) {
    const refused = await origins({ origins: [bad] });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('validation_failed');
  }
  const many = Array.from({ length: 21 }, (_, i) => `https://app${i}.example.com`);
  expect((await origins({ origins: many })).status).toBe(400);
  expect((await origins({ origins: 'https://builder.example.com' })).status).toBe(400);
  expect((await origins({ origins: [], extra: true })).status).toBe(400);
});

it('a returnTo on a registered origin is taken; any other is 422 return_to_not_allowed, storing nothing', async () => {
  await origins({ origins: ['https://builder.example.com'] });
  expect((await authorize('https://builder.example.com/actions/confluence?tab=auth')).status).toBe(201);

  for (const elsewhere of [
    'https://evil.example.net/steal',
    'https://builder.example.com.evil.example.net/',
    'http://builder.example.com/actions',
    'https://builder.example.com:8443/actions',
  ]) {
    const refused = await authorize(elsewhere);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('return_to_not_allowed');
  }
  await origins({ origins: [] });
  expect((await authorize('https://builder.example.com/actions')).body.code).toBe('return_to_not_allowed');
});

it('allows http loopback origins only outside production', async () => {
  const production = await world.boot({ NODE_ENV: 'production' }, 0);
  const refused = await call('PUT', `${production.url}/v1/apps/${appId}/return-origins`, token, {
    origins: ['http://localhost:5173'],
  });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body.errors)).toContain('must be https');
});

it('needs the app in the bearer token', async () => {
  const stranger = await developerToken([randomUUID()]);
  expect((await origins(undefined, appId, stranger)).status).toBe(404);
  expect((await origins({ origins: [] }, appId, stranger)).status).toBe(404);
});
