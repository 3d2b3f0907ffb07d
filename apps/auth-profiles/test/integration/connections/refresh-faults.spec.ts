import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve, sandboxAdmin, sandboxCounters } from '../support/connect';

// Token endpoints that answer badly: a response that never ends is cut at OUTBOUND_TIMEOUT_MS
// (2 s here), an HTML error page is transient. Neither harms the connection.

const TIMEOUT_MS = 2_000;
const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
let db: DataSource;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  service = await world.boot({
    OUTBOUND_TIMEOUT_MS: String(TIMEOUT_MS),
    REFRESH_BACKOFF_BASE_MS: '300',
    REFRESH_BACKOFF_MAX_MS: '600',
  });
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

const expire = (connectionId: string) =>
  db.query(`UPDATE auth_profiles.connection SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    connectionId,
  ]);

async function statusOf(connectionId: string): Promise<string> {
  const listed = await call(
    'GET',
    `${service.url}/v1/apps/${appId}/connections`,
    await developerToken([appId]),
  );
  return listed.body.items.find((c: { connectionId: string }) => c.connectionId === connectionId).status;
}

it('a token response that never ends is aborted at the timeout: 503, the socket closed, the connection usable after', async () => {
  const subject = { type: 'end-user', endUserId: 'endless' } as const;
  const { connectionId } = await connectWithSystemApp(world, service, appId, subject);
  await expire(connectionId);
  await sandboxAdmin(world, 'POST', '/faults', { target: 'token', endless: true });
  const started = performance.now();
  const answer = await resolve(service, appId, subject);
  const elapsed = performance.now() - started;
  expect(answer.status).toBe(503);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.code).toBe('provider_unavailable');
  console.log(
    `endless token response: resolve answered 503 after ${elapsed.toFixed(0)} ms (timeout ${TIMEOUT_MS} ms)`,
  );
  // Aborted, not abandoned: the provider sees the connection closed.
  await waitFor(
    'the endless answer to be cut off',
    () => sandboxCounters(world),
    (c) => c.endlessAnswersOpen === 0,
  );
  expect(await statusOf(connectionId)).toBe('active');
  const recovered = await waitFor(
    'a refresh after the cool-down',
    () => resolve(service, appId, subject),
    (a) => a.status === 200,
  );
  const spaces = await fetch(`${recovered.body.apiBaseUrl}/spaces?limit=1`, {
    headers: { Authorization: recovered.body.authorization },
  });
  expect(spaces.status).toBe(200);
});

it('an HTML error page from the token endpoint is transient: the connection stays active and refreshes later', async () => {
  const subject = { type: 'end-user', endUserId: 'html' } as const;
  const { connectionId } = await connectWithSystemApp(world, service, appId, subject);
  await expire(connectionId);
  await sandboxAdmin(world, 'POST', '/faults', { target: 'token', status: 403, html: true });
  const answer = await resolve(service, appId, subject);
  expect(answer.status).toBe(503);
  expect(answer.body.code).toBe('provider_unavailable');
  expect(await statusOf(connectionId)).toBe('active');
  await waitFor(
    'a refresh after the cool-down',
    () => resolve(service, appId, subject),
    (a) => a.status === 200,
  );
});
