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
import { connectWithSystemApp, resolve, sandboxAdmin, sandboxCounters } from '../support/connect';

// The runtime's resolve: a ready Authorization header, refreshed first when the token is about
// to expire, exactly once however many replicas ask at the same time. Short cool-downs here
// (refresh-failures.spec.ts runs the defaults against a failing provider).

const world = new AuthProfilesWorld();
let replicaA: RunningAuthProfiles;
let replicaB: RunningAuthProfiles;
let probe: KafkaProbe;
let db: DataSource;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  const quickCoolDown = { REFRESH_BACKOFF_BASE_MS: '300', REFRESH_BACKOFF_MAX_MS: '600' };
  replicaA = await world.boot(quickCoolDown);
  replicaB = await world.boot(quickCoolDown);
  probe = await world.probe();
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await probe?.stop();
  await world.stop();
});

const counters = () => sandboxCounters(world);
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
  await sandboxAdmin(world, 'POST', '/clock/advance', { seconds: 11 * 60 });
  await expireSoon(connectionId);
  const again = await resolve(replicaB, appId, subject);
  expect(again.status).toBe(200);
  expect((await spaces(again.body)).status).toBe(200);
  expect((await counters()).refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
});

it('500 concurrent resolves across two replicas make exactly one refresh call', async () => {
  const subject = { type: 'app' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  await expireSoon(connectionId);
  const before = await counters();
  const answers = await Promise.all(
    Array.from({ length: 500 }, (_, i) => resolve(i % 2 === 0 ? replicaA : replicaB, appId, subject)),
  );
  expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  const after = await counters();
  expect(after.tokenRequests - before.tokenRequests).toBe(1);
  expect(after.refreshTokenGrants - before.refreshTokenGrants).toBe(1);
  expect(after.refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
  // Callers answered before the refresh landed got the old token, which still works for a minute.
  const distinct = [...new Map(answers.map((a) => [a.body.authorization, a.body])).values()];
  expect(distinct.length).toBeLessThanOrEqual(2);
  for (const answer of distinct) expect((await spaces(answer)).status).toBe(200);
  // The refreshed token is the one stored: the next resolve answers it without another call.
  const next = await resolve(replicaB, appId, subject);
  expect(new Date(next.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  expect((await counters()).tokenRequests).toBe(after.tokenRequests);
});

it('a provider fault is remembered: the still-valid token meanwhile, one call only, a refresh after the cool-down', async () => {
  const subject = { type: 'end-user', endUserId: 'flaky' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  const current = (await resolve(replicaA, appId, subject)).body.authorization;
  await expireSoon(connectionId);
  await sandboxAdmin(world, 'POST', '/faults', { target: 'token', status: 503, count: 1 });
  const before = await counters();
  const during = await Promise.all(
    Array.from({ length: 20 }, (_, i) => resolve(i % 2 ? replicaA : replicaB, appId, subject)),
  );
  expect(during.map((a) => a.body.authorization)).toEqual(Array(20).fill(current));
  expect((await counters()).tokenRequests - before.tokenRequests).toBe(1);
  const event = await waitFor('ConnectionRefreshFailed { final: false }', () =>
    probe
      .parsedValues<{ type: string; payload: Json }>()
      .find((e) => e.type === 'ConnectionRefreshFailed' && e.payload.connectionId === connectionId),
  );
  expect(event!.payload).toMatchObject({ final: false, reason: expect.stringContaining('503') });
  const refreshed = await waitFor(
    'a refresh after the cool-down',
    () => resolve(replicaB, appId, subject),
    (a) => a.body.authorization !== current,
  );
  expect(refreshed.status).toBe(200);
  expect((await spaces(refreshed.body)).status).toBe(200);
  expect((await counters()).tokenRequests - before.tokenRequests).toBe(2);
  const token = await developerToken([appId]);
  const listed = await call('GET', `${replicaA.url}/v1/apps/${appId}/connections?endUserId=flaky`, token);
  expect(listed.body.items[0].status).toBe('active');
});

it('a 429 from the token endpoint is honoured: no call before its Retry-After, 503 provider_unavailable meanwhile for an expired token', async () => {
  const subject = { type: 'end-user', endUserId: 'limited' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicaA, appId, subject);
  await db.query(
    `UPDATE auth_profiles.connection SET expires_at = now() - interval '1 second' WHERE id = $1`,
    [connectionId],
  );
  await sandboxAdmin(world, 'POST', '/faults', {
    target: 'token',
    status: 429,
    retryAfterSeconds: 3,
    count: 1,
  });
  const before = await counters();
  const refused = await resolve(replicaA, appId, subject);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body.code).toBe('provider_unavailable');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
  const [row] = await db.query(`SELECT refresh_retry_at FROM auth_profiles.connection WHERE id = $1`, [
    connectionId,
  ]);
  expect(new Date(row.refresh_retry_at).getTime()).toBeGreaterThan(Date.now() + 2_000);
  const again = await Promise.all([resolve(replicaA, appId, subject), resolve(replicaB, appId, subject)]);
  expect(again.map((a) => a.body.code)).toEqual(['provider_unavailable', 'provider_unavailable']);
  expect((await counters()).tokenRequests - before.tokenRequests).toBe(1);
  const recovered = await waitFor(
    'the refresh after Retry-After',
    () => resolve(replicaB, appId, subject),
    (a) => a.status === 200,
  );
  expect((await spaces(recovered.body)).status).toBe(200);
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
  await sandboxAdmin(world, 'POST', '/clock/advance', { seconds: 91 * 24 * 3600 });
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
