import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reencryptSecrets } from '../../../src/crypto/reencrypt-secrets';
import { SecretCipher } from '../../../src/crypto/secret-cipher';
import { AuthProfilesWorld, call, developerToken, key } from '../support/auth-profiles-harness';

// The re-encrypt command after a key rotation: every value moves to the active key, whatever
// its id is made of, and the report says how many are still under older keys.

const world = new AuthProfilesWorld();
let db: DataSource;
const appId = randomUUID();
let token: string;

beforeAll(async () => {
  await world.start();
  token = await developerToken([appId]);
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

it("re-encrypts under a key id with '_' (no LIKE wildcard) and reports the values a replica held", async () => {
  const old = `kx2:${key()}`;
  const active = `k_2:${key()}`;
  const before = await world.boot({ ENCRYPTION_KEYS: old }, 0);
  const sandbox = world.sandbox.url.replace(/\/$/, '');
  const profile = (name: string) =>
    call('POST', `${before.url}/v1/apps/${appId}/auth-profiles`, token, {
      type: 'oauth2',
      name,
      identityProviderName: 'Atlassian',
      clientId: 'wildcard-client',
      clientSecret: 'wildcard-secret',
      authorizationUrl: `${sandbox}/authorize`,
      tokenUrl: `${sandbox}/oauth/token`,
      scopes: [],
    });
  const held = (await profile('held by a replica')).body.profileId as string;
  const free = (await profile('free')).body.profileId as string;
  const secretOf = async (id: string) =>
    (
      await db.query(`SELECT client_secret_encrypted AS v FROM auth_profiles.auth_profile WHERE id = $1`, [
        id,
      ])
    )[0].v as string;
  expect(await secretOf(free)).toMatch(/^v1:kx2:/);

  const cipher = new SecretCipher([active, old, ...world.encryptionKeys.split(',')], 'k_2');
  const lock = db.createQueryRunner();
  await lock.connect();
  await lock.startTransaction();
  try {
    await lock.query(`SELECT id FROM auth_profiles.auth_profile WHERE id = $1 FOR UPDATE`, [held]);
    const report = await reencryptSecrets(db, 'auth_profiles', cipher);
    expect(await secretOf(free)).toMatch(/^v1:k_2:/);
    expect(report.remaining.auth_profile).toBe(1);
  } finally {
    await lock.rollbackTransaction();
    await lock.release();
  }
  const again = await reencryptSecrets(db, 'auth_profiles', cipher);
  expect(again.remaining).toEqual({ auth_profile: 0, connection: 0, authorization: 0 });
  expect(await secretOf(held)).toMatch(/^v1:k_2:/);
});
