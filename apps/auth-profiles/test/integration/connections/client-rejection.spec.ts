import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  SYSTEM_CLIENT,
} from '../support/auth-profiles-harness';
import { connectWithSystemApp, customProfile, resolve, sandboxCounters } from '../support/connect';

// The provider refusing the client (401, invalid_client) means the profile is wrong, not the
// connections: they stay active, the profile says so once, and fixing the profile's client
// brings them back. The provider refusing a grant (invalid_grant) ends that one connection.

const world = new AuthProfilesWorld();
let replicas: RunningAuthProfiles[];
let db: DataSource;
const appOne = randomUUID();
const appTwo = randomUUID();

beforeAll(async () => {
  await world.start();
  replicas = [await world.boot(), await world.boot()];
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

const setExpiry = (connectionId: string, interval: string) =>
  db.query(`UPDATE auth_profiles.connection SET expires_at = now() + $2::interval WHERE id = $1`, [
    connectionId,
    interval,
  ]);

async function connectionStatus(appId: string, connectionId: string, service = replicas[0]) {
  const listed = await call(
    'GET',
    `${service.url}/v1/apps/${appId}/connections`,
    await developerToken([appId]),
  );
  return listed.body.items.find((c: { connectionId: string }) => c.connectionId === connectionId).status;
}

async function systemProfileOf(appId: string, service = replicas[1]) {
  const listed = await call(
    'GET',
    `${service.url}/v1/apps/${appId}/auth-profiles`,
    await developerToken([appId]),
  );
  return listed.body.items.find((p: { profileId: string }) => p.profileId === 'system');
}

const rejectionReports = () =>
  replicas.flatMap((r) => r.logs).filter((line) => line.includes('rejected the profile’s OAuth client'));

it('a bad System secret: connections stay active, one report on the System profile, a redeploy with the right secret recovers', async () => {
  const expired = await connectWithSystemApp(world, replicas[0], appOne, { type: 'app' });
  const stillValid = await connectWithSystemApp(world, replicas[0], appTwo, { type: 'app' });
  const endUser = { type: 'end-user', endUserId: 'also-expired' } as const;
  const third = await connectWithSystemApp(world, replicas[1], appOne, endUser);
  await setExpiry(expired.connectionId, '-1 second');
  await setExpiry(stillValid.connectionId, '60 seconds');
  await setExpiry(third.connectionId, '-1 second');
  // Atlassian's console rotated the System app's secret; this deployment still sends the old one.
  const rotated = `rotated-${randomUUID()}`;
  world.sandbox.state.clients.get(SYSTEM_CLIENT.clientId)!.clientSecret = rotated;
  const before = await sandboxCounters(world);

  const refused = await resolve(replicas[0], appOne, { type: 'app' });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body.code).toBe('profile_client_rejected');
  expect(refused.body.detail).toContain('401');
  const current = await resolve(replicas[1], appTwo, { type: 'app' });
  expect(current.status).toBe(200);
  expect((await resolve(replicas[1], appOne, endUser)).body.code).toBe('profile_client_rejected');
  // The rejection is remembered: one token call for three connections on two replicas.
  expect((await sandboxCounters(world)).tokenRequests - before.tokenRequests).toBe(1);
  for (const [appId, c] of [
    [appOne, expired],
    [appTwo, stillValid],
    [appOne, third],
  ] as const) {
    expect(await connectionStatus(appId, c.connectionId)).toBe('active');
  }
  for (const appId of [appOne, appTwo]) {
    expect(await systemProfileOf(appId)).toMatchObject({
      status: 'client_rejected',
      statusReason: expect.stringContaining('401'),
      statusSince: expect.any(String),
    });
  }
  expect(rejectionReports()).toHaveLength(1);
  expect(rejectionReports()[0]).not.toContain(SYSTEM_CLIENT.clientSecret);

  // The operator fixes the secret and rolls out a replica with it: it refreshes at once.
  const fixed = await world.boot({ CONFLUENCE_SYSTEM_CLIENT_SECRET: rotated });
  const answer = await resolve(fixed, appOne, { type: 'app' });
  expect(answer.status).toBe(200);
  const spaces = await fetch(`${answer.body.apiBaseUrl}/spaces?limit=1`, {
    headers: { Authorization: answer.body.authorization },
  });
  expect(spaces.status).toBe(200);
  expect(await systemProfileOf(appOne, fixed)).toMatchObject({ status: 'active', statusReason: null });
  await fixed.close();
});

it('a custom profile whose secret is wrong: 409 profile_client_rejected, the profile says why, a PATCH with the right one recovers at once', async () => {
  const token = await developerToken([appOne]);
  const profile = await customProfile(world, replicas[0], appOne);
  const subject = { type: 'end-user', endUserId: 'custom-user' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicas[0], appOne, subject, profile.profileId);
  const profileUrl = `${replicas[0].url}/v1/apps/${appOne}/auth-profiles/${profile.profileId}`;
  expect((await call('PATCH', profileUrl, token, { clientSecret: 'a-wrong-secret-value' })).status).toBe(200);
  await setExpiry(connectionId, '-1 second');

  for (const r of replicas)
    expect((await resolve(r, appOne, subject)).body.code).toBe('profile_client_rejected');
  expect(await connectionStatus(appOne, connectionId)).toBe('active');
  expect((await call('GET', profileUrl, token)).body).toMatchObject({
    status: 'client_rejected',
    statusReason: expect.stringContaining('401'),
  });

  expect((await call('PATCH', profileUrl, token, { clientSecret: profile.clientSecret })).status).toBe(200);
  expect((await resolve(replicas[1], appOne, subject)).status).toBe(200);
  expect((await call('GET', profileUrl, token)).body).toMatchObject({ status: 'active', statusReason: null });
});

it('a grant the user revoked (invalid_grant) ends that connection only: refresh_failed and 409 reauthorization_required', async () => {
  world.sandbox.state.clients.get(SYSTEM_CLIENT.clientId)!.clientSecret = SYSTEM_CLIENT.clientSecret;
  const gone = { type: 'end-user', endUserId: 'revoked-at-atlassian' } as const;
  const kept = { type: 'end-user', endUserId: 'kept' } as const;
  const revoked = await connectWithSystemApp(world, replicas[0], appTwo, gone);
  const other = await connectWithSystemApp(world, replicas[0], appTwo, kept);
  // The user removed the app's access in their Atlassian account.
  const accountId = [...world.sandbox.state.users.values()].find((u) => u.email === revoked.email)!.accountId;
  for (const grant of world.sandbox.state.grants.values()) {
    if (grant.accountId === accountId) grant.revokedAt = world.sandbox.state.now();
  }
  await setExpiry(revoked.connectionId, '-1 second');
  await setExpiry(other.connectionId, '-1 second');

  const answer = await resolve(replicas[1], appTwo, gone);
  expect(answer.status).toBe(409);
  expect(answer.body.code).toBe('reauthorization_required');
  expect(await connectionStatus(appTwo, revoked.connectionId)).toBe('refresh_failed');
  expect((await resolve(replicas[0], appTwo, kept)).status).toBe(200);
  expect(await connectionStatus(appTwo, other.connectionId)).toBe('active');
});
