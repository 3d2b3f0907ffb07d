import { randomUUID } from 'node:crypto';
import { DataSource, QueryRunner } from 'typeorm';
import { AuthProfilesWorld, RunningAuthProfiles } from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve, sandboxAdmin, sandboxCounters } from '../support/connect';

// The bulkheads one app's trouble meets before it reaches the others: the database pool's
// acquire timeout, lock_timeout, and the cap on calls in flight per provider host. Each
// refusal is a 503 problem+json with a stable code, and /health/ready does not need a pool slot.

const world = new AuthProfilesWorld();
let tightPool: RunningAuthProfiles;
let capped: RunningAuthProfiles;
let db: DataSource;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  tightPool = await world.boot({ DATABASE_POOL_SIZE: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '300' });
  capped = await world.boot({
    PROVIDER_MAX_CONCURRENT_CALLS: '1',
    PROVIDER_QUEUE_WAIT_MS: '100',
    DATABASE_LOCK_TIMEOUT_MS: '300',
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

it('a full pool answers 503 database_busy after the acquire timeout, while /health/ready still answers 200', async () => {
  const subject = { type: 'end-user', endUserId: 'pool' } as const;
  await connectWithSystemApp(world, capped, appId, subject);
  // Take the only connection of that replica's pool, as a storm of slow work would.
  const holder: QueryRunner = tightPool.app.get(DataSource).createQueryRunner();
  await holder.connect();
  try {
    const answer = await resolve(tightPool, appId, subject);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.body.code).toBe('database_busy');
    const ready = await fetch(`${tightPool.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { postgres: 'up' } });
  } finally {
    await holder.release();
  }
  expect((await resolve(tightPool, appId, subject)).status).toBe(200);
});

it('a row lock held elsewhere costs lock_timeout, then 503 database_busy, never a hang', async () => {
  const subject = { type: 'end-user', endUserId: 'locked' } as const;
  const { connectionId } = await connectWithSystemApp(world, capped, appId, subject);
  await expire(connectionId);
  const locker = db.createQueryRunner();
  await locker.startTransaction();
  try {
    await locker.query('SELECT id FROM auth_profiles.connection WHERE id = $1 FOR UPDATE', [connectionId]);
    const answer = await resolve(capped, appId, subject);
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('database_busy');
  } finally {
    await locker.rollbackTransaction();
    await locker.release();
  }
  expect((await resolve(capped, appId, subject)).status).toBe(200);
});

it('calls in flight to one provider host are capped: the excess gets 503 provider_unavailable at once, and no cool-down', async () => {
  const first = { type: 'end-user', endUserId: 'first-in-line' } as const;
  const second = { type: 'end-user', endUserId: 'second-in-line' } as const;
  const a = await connectWithSystemApp(world, capped, appId, first);
  const b = await connectWithSystemApp(world, capped, appId, second);
  await expire(a.connectionId);
  await expire(b.connectionId);
  // The first call is slow (1.5 s, then the real answer) and holds the host's only slot.
  await sandboxAdmin(world, 'POST', '/faults', { target: 'token', delayMs: 1_500 });
  const before = await sandboxCounters(world);
  const slow = resolve(capped, appId, first);
  await new Promise((r) => setTimeout(r, 200));
  const refused = await resolve(capped, appId, second);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body.code).toBe('provider_unavailable');
  expect((await slow).status).toBe(200);
  expect((await sandboxCounters(world)).tokenRequests - before.tokenRequests).toBe(1);
  // Our own cap refused, not the provider: the next resolve refreshes right away.
  expect((await resolve(capped, appId, second)).status).toBe(200);
});
