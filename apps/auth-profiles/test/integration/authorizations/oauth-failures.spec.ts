import { KafkaProbe } from '@actionhub/testing';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  Json,
} from '../support/auth-profiles-harness';
import { consent, ConsentBrowser, land } from '@actionhub/atlassian-sandbox';
import { openLink } from '../support/connect';

// Every way the browser can come back wrong: each shows a failure page, publishes
// AuthorizationFailed when an authorization was pending, and stores no connection.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
let probe: KafkaProbe;
let db: DataSource;
const appId = randomUUID();
let token: string;

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  probe = await world.probe();
  token = await developerToken([appId]);
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await probe?.stop();
  await world.stop();
});

const start = async (endUserId: string) => {
  const started = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'end-user', endUserId },
  });
  expect(started.status).toBe(201);
  return started.body as { authorizationId: string; authorizationUrl: string };
};

const connectionsOf = async (endUserId: string) =>
  (await call('GET', `${service.url}/v1/apps/${appId}/connections?endUserId=${endUserId}`, token)).body.items;

const statusOf = async (authorizationId: string) =>
  (await call('GET', `${service.url}/v1/apps/${appId}/authorizations/${authorizationId}`, token)).body;

const failedEventFor = (authorizationId: string) =>
  waitFor(`AuthorizationFailed for ${authorizationId}`, () =>
    probe
      .parsedValues<{ type: string; payload: Json }>()
      .find((e) => e.type === 'AuthorizationFailed' && e.payload.authorizationId === authorizationId),
  );

it('the user presses Deny: failure page, AuthorizationFailed, no connection', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl } = await start('denier');
  const landing = await land(await consent(authorizationUrl, { email: user.email, decision: 'deny' }));
  expect(landing.status).toBe(400);
  expect(landing.html).toContain('Access was not allowed');
  expect(await statusOf(authorizationId)).toMatchObject({
    status: 'failed',
    error: 'Access was not allowed.',
  });
  expect((await failedEventFor(authorizationId))!.payload).toMatchObject({
    actionKey: 'confluence',
    subject: { type: 'end-user', endUserId: 'denier' },
    reason: 'Access was not allowed.',
  });
  expect(await connectionsOf('denier')).toEqual([]);
});

it('a state used twice: the second landing fails and changes nothing', async () => {
  const user = world.user();
  const { authorizationUrl } = await start('twice');
  const callback = await consent(authorizationUrl, { email: user.email });
  expect((await land(callback)).status).toBe(200);
  const before = await connectionsOf('twice');
  const again = await land(callback);
  expect(again.status).toBe(400);
  expect(again.html).toContain('already used');
  expect(again.html).toContain('data-code="authorization_link_invalid"');
  expect(await connectionsOf('twice')).toEqual(before);
});

it('a state nobody issued, or none at all: failure page', async () => {
  const forged = await land(`${world.callbackUrl}?code=anything&state=${randomUUID()}`);
  expect(forged.status).toBe(400);
  expect(forged.html).toContain('Unknown state');
  expect(forged.html).toContain('data-code="authorization_link_invalid"');
  const missing = await land(`${world.callbackUrl}?code=anything`);
  expect(missing.status).toBe(400);
  expect(missing.html).toContain('no state');
  expect(missing.html).toContain('data-code="authorization_link_invalid"');
});

it('an expired authorization: failure page, AuthorizationFailed, no connection', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl } = await start('late');
  const callback = await consent(authorizationUrl, { email: user.email });
  await db.query(
    `UPDATE auth_profiles.authorization SET expires_at = now() - interval '1 second' WHERE id = $1`,
    [authorizationId],
  );
  const landing = await land(callback);
  expect(landing.status).toBe(400);
  expect(landing.html).toContain('expired');
  expect(landing.html).toContain('data-code="authorization_link_invalid"');
  await failedEventFor(authorizationId);
  expect(await connectionsOf('late')).toEqual([]);
});

it('a code the provider refuses (tampered): failure page, AuthorizationFailed, no connection', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl } = await start('tampered');
  const callback = new URL(await consent(authorizationUrl, { email: user.email }));
  callback.searchParams.set('code', 'sbx-code-forged');
  const landing = await land(callback.toString());
  expect(landing.status).toBe(400);
  expect(landing.html).toContain('refused the authorization code');
  expect(landing.html).toContain('data-code="authorization_failed"');
  await failedEventFor(authorizationId);
  expect(await connectionsOf('tampered')).toEqual([]);
});

it('the state, the link and the browser’s nonce are stored only as hashes', async () => {
  const { authorizationUrl } = await start('hashed');
  const browser = new ConsentBrowser();
  const providerUrl = await openLink(browser, authorizationUrl);
  const state = new URL(providerUrl).searchParams.get('state')!;
  const link = new URL(authorizationUrl).searchParams.get('link')!;
  const nonce = browser.cookies(service.url).get('actionhub-auth')!;
  expect([state, link, nonce].every((v) => v.length >= 43)).toBe(true);
  const rows = await db.query(
    `SELECT state_hash, link_hash, browser_binding_hash, code_verifier_encrypted FROM auth_profiles.authorization`,
  );
  expect(rows.length).toBeGreaterThan(0);
  const stored = JSON.stringify(rows);
  for (const secret of [state, link, nonce]) expect(stored).not.toContain(secret);
});
