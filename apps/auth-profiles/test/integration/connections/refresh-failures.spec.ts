import { delay, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  SYSTEM_CLIENT,
} from '../support/auth-profiles-harness';
import {
  connectWithSystemApp,
  customProfile,
  resolve,
  sandboxAdmin,
  sandboxCounters,
} from '../support/connect';

// Atlassian's token endpoint fails for 60 s while resolves keep coming, with the default
// cool-downs: one connection's refreshes get 503s, another's stall for 10 s each (longer than
// OUTBOUND_TIMEOUT_MS, 5 s here, so every stalled call is aborted). Meanwhile another app's
// resolves and /health/ready must keep answering on both replicas, the provider may see at most
// 3 calls per connection per minute, and once it recovers everything works again.

const OUTAGE_MS = 60_000;
const WAVE_EVERY_MS = 5_000;
const STALL_MS = 10_000;

const world = new AuthProfilesWorld();
let replicas: RunningAuthProfiles[];
let db: DataSource;
const failingApp = randomUUID();
const healthyApp = randomUUID();
const rejected = { type: 'end-user', endUserId: 'gets-503s' } as const;
const stalled = { type: 'end-user', endUserId: 'gets-stalls' } as const;
const healthy = { type: 'app' } as const;
let stalledClientId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  await world.start();
  const env = { OUTBOUND_TIMEOUT_MS: '5000' };
  replicas = [await world.boot(env), await world.boot(env)];
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
  ids.rejected = (await connectWithSystemApp(world, replicas[0], failingApp, rejected)).connectionId;
  const profile = await customProfile(world, replicas[0], failingApp);
  stalledClientId = profile.clientId;
  ids.stalled = (
    await connectWithSystemApp(world, replicas[0], failingApp, stalled, profile.profileId)
  ).connectionId;
  await connectWithSystemApp(world, replicas[0], healthyApp, healthy);
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

/** A resolve and how long it took. */
async function timed(service: RunningAuthProfiles, appId: string, subject: object) {
  const started = performance.now();
  const answer = await resolve(service, appId, subject);
  return { ...answer, ms: performance.now() - started };
}

/** The token calls a pending fault has answered so far. */
async function served(clientId: string, count: number): Promise<number> {
  const { items } = await sandboxAdmin(world, 'GET', '/faults');
  const fault = (items as { clientId?: string; remaining: number }[]).find((f) => f.clientId === clientId);
  return count - (fault?.remaining ?? 0);
}

it('a token endpoint failing for a minute (503s, and 10-second stalls) costs at most 3 calls per connection, starves no one, and recovers', async () => {
  // Both failing connections need a refresh on every resolve: their tokens have expired.
  await db.query(
    `UPDATE auth_profiles.connection SET expires_at = now() - interval '1 second' WHERE id = ANY($1)`,
    [[ids.rejected, ids.stalled]],
  );
  const healthyResolves = () =>
    Promise.all(Array.from({ length: 100 }, (_, i) => timed(replicas[i % 2], healthyApp, healthy)));
  const baseline = (await Promise.all([healthyResolves(), healthyResolves(), healthyResolves()])).flat();
  expect(baseline.filter((a) => a.status !== 200)).toEqual([]);

  const FAULTS = 10_000;
  const before = await sandboxCounters(world);
  await sandboxAdmin(world, 'POST', '/faults', {
    target: 'token',
    status: 503,
    clientId: SYSTEM_CLIENT.clientId,
    count: FAULTS,
  });
  await sandboxAdmin(world, 'POST', '/faults', {
    target: 'token',
    delayMs: STALL_MS,
    clientId: stalledClientId,
    count: FAULTS,
  });
  const outageStarted = Date.now();

  // /health/ready on both replicas, twice a second, all through the outage.
  const health: { status: number; ms: number }[] = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      for (const r of replicas) {
        const started = performance.now();
        const res = await fetch(`${r.url}/health/ready`);
        await res.arrayBuffer();
        health.push({ status: res.status, ms: performance.now() - started });
      }
      await delay(500);
    }
  })();

  // Every 5 s a wave of 500 resolves of the failing connections (both replicas) and 100 of the
  // healthy app's; waves are not awaited, so stalled ones overlap the next.
  const failing: Promise<Awaited<ReturnType<typeof timed>>>[] = [];
  const others: Promise<Awaited<ReturnType<typeof timed>>[]>[] = [];
  while (Date.now() - outageStarted < OUTAGE_MS - WAVE_EVERY_MS / 2) {
    for (let i = 0; i < 500; i++) {
      failing.push(timed(replicas[i % 2], failingApp, i % 4 < 2 ? rejected : stalled));
    }
    others.push(healthyResolves());
    await delay(WAVE_EVERY_MS);
  }
  // Counted as the provider recovers: what it saw during its minute of trouble. (With the
  // default cool-downs a fourth call could come no sooner than 84 s after the first.)
  const callsRejected = await served(SYSTEM_CLIENT.clientId, FAULTS);
  const callsStalled = await served(stalledClientId, FAULTS);
  await sandboxAdmin(world, 'DELETE', '/faults');
  const recovered = Date.now();
  const failingAnswers = await Promise.all(failing);
  const otherAnswers = (await Promise.all(others)).flat();

  expect(callsRejected).toBeGreaterThanOrEqual(1);
  expect(callsRejected).toBeLessThanOrEqual(3);
  expect(callsStalled).toBeGreaterThanOrEqual(1);
  expect(callsStalled).toBeLessThanOrEqual(3);
  // Every failing resolve is a clear 503, never a hang or a 500.
  expect(failingAnswers.length).toBeGreaterThanOrEqual(5_000);
  expect(failingAnswers.filter((a) => a.status !== 503 || a.body.code !== 'provider_unavailable')).toEqual(
    [],
  );
  expect(
    failingAnswers.every((a) => a.headers.get('content-type')?.includes('application/problem+json')),
  ).toBe(true);
  // The other app never noticed; readiness never depended on the storm.
  expect(otherAnswers.filter((a) => a.status !== 200)).toEqual([]);
  expect(health.length).toBeGreaterThan(50);
  expect(health.filter((h) => h.status !== 200)).toEqual([]);
  console.log(
    [
      `failing token endpoint, ${failingAnswers.length} resolves of the failing connections:`,
      `  token calls: ${callsRejected} (503s), ${callsStalled} (stalls)`,
      `  failing resolves p50 ${percentile(
        failingAnswers.map((a) => a.ms),
        0.5,
      ).toFixed(0)} ms, p99 ${percentile(
        failingAnswers.map((a) => a.ms),
        0.99,
      ).toFixed(0)} ms`,
      `  other app's resolves p99 ${percentile(
        otherAnswers.map((a) => a.ms),
        0.99,
      ).toFixed(1)} ms (baseline p99 ${percentile(
        baseline.map((a) => a.ms),
        0.99,
      ).toFixed(1)} ms)`,
      `  /health/ready: ${health.length} probes, max ${Math.max(...health.map((h) => h.ms)).toFixed(1)} ms`,
    ].join('\n'),
  );

  // Recovered: readiness and the other app at once; a connection that was not cooling down
  // refreshes on its first resolve; the failed ones at their next try (the cool-down, at most a minute).
  probing = false;
  await prober;
  for (const r of replicas) expect((await fetch(`${r.url}/health/ready`)).status).toBe(200);
  const fresh = { type: 'end-user', endUserId: 'after-recovery' } as const;
  const { connectionId } = await connectWithSystemApp(world, replicas[1], failingApp, fresh);
  await db.query(`UPDATE auth_profiles.connection SET expires_at = now() WHERE id = $1`, [connectionId]);
  expect((await resolve(replicas[0], failingApp, fresh)).status).toBe(200);

  const retryAt = (await db.query(
    `SELECT max(refresh_retry_at) AS at FROM auth_profiles.connection WHERE id = ANY($1)`,
    [[ids.rejected, ids.stalled]],
  )) as { at: Date }[];
  const wait = Math.max(0, new Date(retryAt[0].at).getTime() - Date.now()) + 10_000;
  expect(wait).toBeLessThanOrEqual(72_000 + 10_000);
  for (const [i, subject] of [rejected, stalled].entries()) {
    const answer = await waitFor(
      `${subject.endUserId} refreshed after the outage`,
      () => resolve(replicas[i], failingApp, subject),
      (a) => a.status === 200,
      { timeoutMs: wait, intervalMs: 1_000 },
    );
    const spaces = await fetch(`${answer.body.apiBaseUrl}/spaces?limit=1`, {
      headers: { Authorization: answer.body.authorization },
    });
    expect(spaces.status).toBe(200);
  }
  console.log(`  recovered within ${((Date.now() - recovered) / 1000).toFixed(0)} s of the provider`);
  const after = await sandboxCounters(world);
  expect(after.refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
  const token = await developerToken([failingApp]);
  const listed = await call('GET', `${replicas[0].url}/v1/apps/${failingApp}/connections`, token);
  expect(listed.body.items.map((c: { status: string }) => c.status)).toEqual(['active', 'active', 'active']);
}, 240_000);
