import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { secretsContext } from '../../../src/connections/connection-store';
import { SecretCipher } from '../../../src/crypto/secret-cipher';
import { AuthProfilesWorld, RunningAuthProfiles, SYSTEM_CLIENT } from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve, sandboxAdmin, sandboxCounters } from '../support/connect';

// A replica dies after Atlassian rotated the refresh token and before the answer was stored:
// the database still holds the old refresh token, which Atlassian accepts again for 10 minutes.
// Within that window the sweeper (or any resolve) refreshes with it and all is well; after it,
// the reuse revokes the grant and the connection needs a new consent.

interface Crashed {
  world: AuthProfilesWorld;
  service: RunningAuthProfiles;
  db: DataSource;
}

async function start(sweepEveryMs: number): Promise<Crashed> {
  const world = await new AuthProfilesWorld().start();
  const service = await world.boot({ REFRESH_SWEEP_INTERVAL_MS: String(sweepEveryMs) });
  const db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
  return { world, service, db };
}

async function stop(c: Crashed | undefined) {
  await c?.db.destroy();
  await c?.world.stop();
}

/** What a replica that died mid-refresh leaves: the provider rotated the token, the row still has the old one and the lease. */
async function crashMidRefresh({ world, db }: Crashed, connectionId: string): Promise<void> {
  const [row] = await db.query(`SELECT secrets_encrypted FROM auth_profiles.connection WHERE id = $1`, [
    connectionId,
  ]);
  const cipher = new SecretCipher(world.encryptionKeys.split(','));
  const { refreshToken } = JSON.parse(cipher.decrypt(row.secrets_encrypted, secretsContext(connectionId)));
  const rotated = await fetch(`${world.sandbox.url.replace(/\/$/, '')}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...toBody(SYSTEM_CLIENT),
    }),
  });
  expect(rotated.status).toBe(200); // ...and this answer, with the new refresh token, is lost.
  // The refresh was due (the token expires within REFRESH_AHEAD_SECONDS); the dead replica's lease has run out.
  await db.query(
    `UPDATE auth_profiles.connection
        SET refresh_lease_owner = $2, refresh_lease_until = now() - interval '1 second',
            expires_at = now() + interval '60 seconds'
      WHERE id = $1`,
    [connectionId, randomUUID()],
  );
}

const toBody = (c: typeof SYSTEM_CLIENT) => ({ client_id: c.clientId, client_secret: c.clientSecret });

describe('within the reuse window', () => {
  let c: Crashed;
  beforeAll(async () => (c = await start(300)));
  afterAll(() => stop(c));

  it('the sweeper finishes the refresh with the old token; the connection lives on past the window', async () => {
    const appId = randomUUID();
    const { connectionId } = await connectWithSystemApp(c.world, c.service, appId, { type: 'app' });
    const before = await sandboxCounters(c.world);
    await crashMidRefresh(c, connectionId);
    const [row] = await waitFor(
      'the sweeper to refresh the abandoned connection',
      () => c.db.query(`SELECT * FROM auth_profiles.connection WHERE id = $1`, [connectionId]),
      (rows) => rows[0].refresh_lease_owner === null && rows[0].refreshed_at !== null,
    );
    expect(row.status).toBe('active');
    const after = await sandboxCounters(c.world);
    expect(after.refreshTokenGrants - before.refreshTokenGrants).toBe(2);
    expect(after.refreshTokenReuseRevocations).toBe(before.refreshTokenReuseRevocations);
    // 11 minutes on, the old token would revoke the grant: a working refresh proves the new one was stored.
    await sandboxAdmin(c.world, 'POST', '/clock/advance', { seconds: 11 * 60 });
    await c.db.query(`UPDATE auth_profiles.connection SET expires_at = now() WHERE id = $1`, [connectionId]);
    expect((await resolve(c.service, appId, { type: 'app' })).status).toBe(200);
    expect((await sandboxCounters(c.world)).refreshTokenReuseRevocations).toBe(
      before.refreshTokenReuseRevocations,
    );
  });
});

describe('after the reuse window', () => {
  let c: Crashed;
  beforeAll(async () => (c = await start(3_600_000)));
  afterAll(() => stop(c));

  it('nobody refreshed for over 10 minutes: the reuse revokes the grant and the connection needs a new consent', async () => {
    const appId = randomUUID();
    const { connectionId } = await connectWithSystemApp(c.world, c.service, appId, { type: 'app' });
    await crashMidRefresh(c, connectionId);
    const before = await sandboxCounters(c.world);
    await sandboxAdmin(c.world, 'POST', '/clock/advance', { seconds: 11 * 60 });
    const answer = await resolve(c.service, appId, { type: 'app' });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('reauthorization_required');
    expect((await sandboxCounters(c.world)).refreshTokenReuseRevocations).toBe(
      before.refreshTokenReuseRevocations + 1,
    );
  });
});
