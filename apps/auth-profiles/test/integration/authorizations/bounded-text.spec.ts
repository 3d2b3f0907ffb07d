import { consent, land } from '@actionhub/atlassian-sandbox';
import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  SYSTEM_CLIENT,
} from '../support/auth-profiles-harness';

// Provider-supplied text longer than its column: the callback still answers, the authorization
// ends (failed or completed) instead of staying pending, and what is stored is cut to fit.

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

const start = (endUserId = randomUUID()) =>
  call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'end-user', endUserId },
  });

const authorization = (id: string) =>
  call('GET', `${service.url}/v1/apps/${appId}/authorizations/${id}`, token);

it('a 5000-character OAuth error from the token endpoint fails the authorization with a cut reason', async () => {
  const user = world.user();
  const started = await start();
  world.sandbox.state.faults.push({
    target: 'token',
    status: 400,
    oauthError: `bad_${'x'.repeat(5000)}`,
    clientId: SYSTEM_CLIENT.clientId,
    remaining: 1,
  });
  const landing = await land(await consent(started.body.authorizationUrl, { email: user.email }));
  expect(landing.status).toBeLessThan(500);
  expect(landing.html).toContain('refused the authorization code');
  const answer = await authorization(started.body.authorizationId);
  expect(answer.body.status).toBe('failed');
  expect(answer.body.error).toContain('bad_xxx');
  expect(Array.from(answer.body.error as string).length).toBeLessThanOrEqual(1000);
});

it('a site whose URL passes 3000 characters and name 255 is connected with both cut to fit', async () => {
  const longName = `s${'a'.repeat(3000)}`;
  const user = world.user([longName]);
  const endUserId = randomUUID();
  const started = await start(endUserId);
  const landing = await land(await consent(started.body.authorizationUrl, { email: user.email }));
  expect(landing.status).toBe(200);
  const answer = await authorization(started.body.authorizationId);
  expect(answer.body.status).toBe('completed');
  const connections = await call(
    'GET',
    `${service.url}/v1/apps/${appId}/connections?endUserId=${endUserId}`,
    token,
  );
  const connection = { body: connections.body.items[0] };
  expect(connection.body.connectionId).toBe(answer.body.connectionId);
  expect(connection.body.site.url.length).toBe(3000);
  expect(connection.body.site.url).toContain(`/sites/${longName.slice(0, 100)}`);
  expect(connection.body.site.url.endsWith('…')).toBe(true);
  expect(connection.body.site.name.length).toBe(255);
  expect(connection.body.site.cloudId).toBe(user.sites[0].cloudId);
});
