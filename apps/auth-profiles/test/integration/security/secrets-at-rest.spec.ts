import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { reencryptSecrets } from '../../../src/crypto/reencrypt-secrets';
import { SecretCipher } from '../../../src/crypto/secret-cipher';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  key,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve } from '../support/connect';

// No secret in plaintext in the database or in a log line; keys rotate without losing a row.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
let db: DataSource;
const appId = randomUUID();
let token: string;
const clientSecret = `custom-client-secret-${randomUUID()}`;

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  token = await developerToken([appId]);
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

const dumpSchema = async () => {
  const tables = ['auth_profile', 'authorization', 'connection', 'outbox_event'];
  const rows = await Promise.all(
    tables.map((t) => db.query(`SELECT row_to_json(t)::text AS row FROM auth_profiles."${t}" t`)),
  );
  return rows
    .flat()
    .map((r: { row: string }) => r.row)
    .join('\n');
};

/** Every secret the flows below handled: tokens the sandbox issued, the client secret, the API token. */
const secretsSeen = (apiToken: string) => [
  clientSecret,
  apiToken,
  ...world.sandbox.state.accessTokens.keys(),
  ...world.sandbox.state.refreshTokens.keys(),
];

it('the database and the logs hold no plaintext secret after OAuth, refresh, Basic and a custom profile', async () => {
  const sandbox = world.sandbox.url.replace(/\/$/, '');
  await call('POST', `${service.url}/v1/apps/${appId}/auth-profiles`, token, {
    type: 'oauth2',
    name: 'secret holder',
    identityProviderName: 'Atlassian',
    clientId: 'someone',
    clientSecret,
    authorizationUrl: `${sandbox}/authorize`,
    tokenUrl: `${sandbox}/oauth/token`,
    scopes: [],
  });
  const { connectionId } = await connectWithSystemApp(world, service, appId, { type: 'app' });
  await db.query(
    `UPDATE auth_profiles.connection SET expires_at = now() + interval '1 minute' WHERE id = $1`,
    [connectionId],
  );
  const refreshed = await resolve(service, appId, { type: 'app' });
  expect(refreshed.status).toBe(200);
  const user = world.user();
  const basic = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'end-user', endUserId: 'basic-user' },
    credentials: { siteUrl: user.sites[0].url, username: user.email, apiToken: user.apiToken },
  });
  expect(basic.status).toBe(201);

  const secrets = secretsSeen(user.apiToken);
  expect(secrets.length).toBeGreaterThanOrEqual(6);
  const dump = await dumpSchema();
  expect(dump).toContain('v1:k1:');
  for (const secret of secrets) expect(dump).not.toContain(secret);

  const logs = service.logs.join('\n');
  expect(logs).toContain('/internal/v1/apps/');
  for (const secret of secrets) expect(logs).not.toContain(secret);
  expect(logs).not.toMatch(/Bearer [A-Za-z0-9]/);
});

it('rotates keys: new writes use the new key, old rows still read, and the command re-encrypts them all', async () => {
  const subject = { type: 'end-user' as const, endUserId: 'rotated' };
  await connectWithSystemApp(world, service, appId, subject);
  const k1 = world.encryptionKeys;
  const k2 = `k2:${key()}`;
  // A replica configured with the new key first (active) and the old one still listed.
  const rotated = await world.boot({ ENCRYPTION_KEYS: `${k2},${k1}`, ENCRYPTION_ACTIVE_KEY_ID: 'k2' }, 0);
  expect((await resolve(rotated, appId, subject)).status).toBe(200);
  const sandbox = world.sandbox.url.replace(/\/$/, '');
  const created = await call('POST', `${rotated.url}/v1/apps/${appId}/auth-profiles`, token, {
    type: 'oauth2',
    name: 'after rotation',
    identityProviderName: 'Atlassian',
    clientId: 'rotated-client',
    clientSecret: 'rotated-secret',
    authorizationUrl: `${sandbox}/authorize`,
    tokenUrl: `${sandbox}/oauth/token`,
    scopes: [],
  });
  expect(created.status).toBe(201);
  const [written] = await db.query(
    `SELECT client_secret_encrypted AS v FROM auth_profiles.auth_profile WHERE id = $1`,
    [created.body.profileId],
  );
  expect(written.v).toMatch(/^v1:k2:/);
  const keyIds = async () =>
    (
      await db.query(
        `SELECT split_part(v, ':', 2) AS kid, count(*)::int AS n FROM (
           SELECT secrets_encrypted AS v FROM auth_profiles.connection WHERE secrets_encrypted <> ''
           UNION ALL SELECT client_secret_encrypted FROM auth_profiles.auth_profile WHERE client_secret_encrypted IS NOT NULL
         ) s GROUP BY 1 ORDER BY 1`,
      )
    ).map((r: { kid: string; n: number }) => `${r.kid}=${r.n}`);
  expect((await keyIds()).join(',')).toMatch(/^k1=\d+,k2=1$/);

  const cipher = new SecretCipher([k2, k1], 'k2');
  const report = await reencryptSecrets(db, 'auth_profiles', cipher);
  expect(report.moved.connection).toBeGreaterThan(0);
  expect(report.remaining).toEqual({ auth_profile: 0, connection: 0, authorization: 0 });
  expect((await keyIds()).every((entry: string) => entry.startsWith('k2='))).toBe(true);

  // The old key can now go: a replica that only knows k2 still resolves every connection.
  const onlyNew = await world.boot({ ENCRYPTION_KEYS: k2 }, 0);
  expect((await resolve(onlyNew, appId, subject)).status).toBe(200);
  expect((await resolve(onlyNew, appId, { type: 'app' })).status).toBe(200);
});
