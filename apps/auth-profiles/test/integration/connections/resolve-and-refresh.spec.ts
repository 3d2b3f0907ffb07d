import { KafkaProbe, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  Json,
} from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve } from '../support/connect';

// The runtime's resolve: a ready Authorization header, refreshed first when the token is about
// to expire, exactly once however many replicas ask at the same time.

const world = new AuthProfilesWorld();
let replicaA: RunningAuthProfiles;
let replicaB: RunningAuthProfiles;
let probe: KafkaProbe;
let db: DataSource;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  replicaA = await world.boot();
  replicaB = await world.boot();
  probe = await world.probe();
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await probe?.stop();
  await world.stop();
});

const counters = async (): Promise<Record<string, number>> =>
  (await fetch(`${world.sandbox.url.replace(/\/$/, '')}/admin/counters`)).json() as Promise<
    Record<string, number>
  >;
const expireSoon = (connectionId: string) =>
  db.query(`UPDATE auth_profiles.connection SET expires_at = now() + interval '60 seconds' WHERE id = $1`, [
    connectionId,
  ]);
const spaces = (answer: { authorization: string; apiBaseUrl: string }) =>
  fetch(`${answer.apiBaseUrl}/spaces?limit=1`, { headers: { Authorization: answer.authorization } });

it('answers a working Bearer header and the API base for a fresh connection, without refreshing', async () => {
  const subject = { type: 'end-user', endUserId: 'fresh' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  const before = await counters();
  const answer = await resolve(replicaA, appId, subject);
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ connectionId, authorization: expect.stringMatching(/^Bearer /) });
  expect(answer.body.apiBaseUrl).toMatch(/\/ex\/confluence\/[^/]+\/wiki\/api\/v2$/);
  expect((await spaces(answer.body)).status).toBe(200);
  expect((await counters()).refreshTokenGrants).toBe(before.refreshTokenGrants);
});

it('refreshes a token that expires within 5 minutes, and the rotated token is the one kept', async () => {
  const subject = { type: 'end-user', endUserId: 'expiring' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  const old = (await resolve(replicaA, appId, subject)).body.authorization;
  await expireSoon(connectionId);
  const before = await counters();
  const refreshed = await resolve(replicaA, appId, subject);
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.authorization).not.toBe(old);
  expect(new Date(refreshed.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  expect((await spaces(refreshed.body)).status).toBe(200);
  expect((await counters()).refreshTokenGrants).toBe(before.refreshTokenGrants + 1);
  // The next refresh uses the rotated refresh token: 11 minutes later, reusing the old one
  // would revoke the grant, so a working second refresh proves the new one was stored.
  await fetch(`${world.sandbox.url.replace(/\/$/, '')}/admin/clock/advance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ seconds: 11 * 60 }),
  });
  await expireSoon(connectionId);
  const again = await resolve(replicaB, appId, subject);
  expect(again.status).toBe(200);
  expect((await spaces(again.body)).status).toBe(200);
  expect((await counters()).refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
});

it('30 concurrent resolves across two replicas make exactly one refresh call', async () => {
  const subject = { type: 'app' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  await expireSoon(connectionId);
  const before = await counters();
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) => resolve(i % 2 === 0 ? replicaA : replicaB, appId, subject)),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(30).fill(200));
  expect(new Set(answers.map((a) => a.body.authorization)).size).toBe(1);
  const after = await counters();
  expect(after.refreshTokenGrants - before.refreshTokenGrants).toBe(1);
  expect(after.refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
  expect((await spaces(answers[0].body)).status).toBe(200);
});

it('a passing provider fault is retried: the connection survives and the token is refreshed', async () => {
  const subject = { type: 'end-user', endUserId: 'flaky' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  await expireSoon(connectionId);
  await call('POST', `${world.sandbox.url.replace(/\/$/, '')}/admin/faults`, null, {
    target: 'token',
    status: 503,
    count: 2,
  });
  const answer = await resolve(replicaA, appId, subject);
  expect(answer.status).toBe(200);
  expect((await spaces(answer.body)).status).toBe(200);
  const token = await developerToken([appId]);
  const listed = await call('GET', `${replicaA.url}/v1/apps/${appId}/connections?endUserId=flaky`, token);
  expect(listed.body.items[0].status).toBe('active');
});

it('an unknown subject is 404 connection_not_found; another app cannot resolve this app’s connection', async () => {
  const missing = await resolve(replicaA, appId, { type: 'end-user', endUserId: 'nobody' });
  expect(missing.status).toBe(404);
  expect(missing.body.code).toBe('connection_not_found');
  const otherApp = await resolve(replicaA, randomUUID(), { type: 'app' });
  expect(otherApp.status).toBe(404);
});

it('needs a service token: a developer token is refused', async () => {
  const token = await developerToken([appId]);
  const answer = await call('POST', `${replicaA.url}/internal/v1/apps/${appId}/connections/resolve`, token, {
    actionKey: 'confluence',
    subject: { type: 'app' },
  });
  expect([401, 403]).toContain(answer.status);
  expect(JSON.stringify(answer.body)).not.toContain('Bearer');
});

// Last: it moves the sandbox clock past the refresh tokens' 90-day idle expiry.
it('a refresh the provider refuses for good: refresh_failed, ConnectionRefreshFailed { final: true }, 409', async () => {
  const subject = { type: 'end-user', endUserId: 'gone' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  await fetch(`${world.sandbox.url.replace(/\/$/, '')}/admin/clock/advance`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ seconds: 91 * 24 * 3600 }),
  });
  await expireSoon(connectionId);
  const answer = await resolve(replicaA, appId, subject);
  expect(answer.status).toBe(409);
  expect(answer.body.code).toBe('reauthorization_required');
  const event = await waitFor('ConnectionRefreshFailed', () =>
    probe
      .parsedValues<{ type: string; payload: Json }>()
      .find((e) => e.type === 'ConnectionRefreshFailed' && e.payload.connectionId === connectionId),
  );
  expect(event!.payload).toMatchObject({ final: true, subject, actionKey: 'confluence' });
  const before = await counters();
  expect((await resolve(replicaB, appId, subject)).status).toBe(409);
  expect(await counters()).toEqual(before);
  const token = await developerToken([appId]);
  const listed = await call('GET', `${replicaA.url}/v1/apps/${appId}/connections?endUserId=gone`, token);
  expect(listed.body.items[0].status).toBe('refresh_failed');
});
