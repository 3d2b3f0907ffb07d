import { ActionDeletedV1, createEvent, serializeEvent } from '@actionhub/contracts';
import { consumerGroupOf, createKafka } from '@actionhub/messaging';
import { KafkaProbe, testKafkaBrokers, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  Json,
} from '../support/auth-profiles-harness';
import { connectWithSystemApp, resolve } from '../support/connect';

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
let probe: KafkaProbe;
const appId = randomUUID();
let token: string;

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  probe = await world.probe();
  token = await developerToken([appId]);
});

afterAll(async () => {
  await probe?.stop();
  await world.stop();
});

const basicAuthorization = (
  credentials: object,
  subject: object = { type: 'app' },
  app = appId,
  t = token,
  actionKey = 'confluence',
) =>
  call('POST', `${service.url}/v1/apps/${app}/authorizations`, t, {
    actionKey,
    profileId: 'system',
    subject,
    credentials,
  });

describe('Basic (email and API token)', () => {
  it('checks the credentials against the site, stores them, and resolve answers a working Basic header', async () => {
    const user = world.user();
    const answer = await basicAuthorization({
      siteUrl: user.sites[0].url,
      username: user.email,
      apiToken: user.apiToken,
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'completed', connectionId: expect.any(String) });
    const resolved = await resolve(service, appId, { type: 'app' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.authorization).toMatch(/^Basic /);
    expect(resolved.body.apiBaseUrl).toBe(`${user.sites[0].url}/wiki/api/v2`);
    const spaces = await fetch(`${resolved.body.apiBaseUrl}/spaces?limit=1`, {
      headers: { Authorization: resolved.body.authorization },
    });
    expect(spaces.status).toBe(200);
    await waitFor('AuthorizationCompleted (basic)', () =>
      probe
        .parsedValues<{ type: string; payload: Json }>()
        .some(
          (e) =>
            e.type === 'AuthorizationCompleted' && e.payload.authorizationId === answer.body.authorizationId,
        ),
    );
  });

  it("checks Jira credentials on Jira's own path, and resolve answers Jira's API base", async () => {
    const user = world.user();
    const jiraApp = randomUUID();
    const jiraToken = await developerToken([jiraApp]);
    const credentials = { siteUrl: user.sites[0].url, username: user.email, apiToken: user.apiToken };
    const answer = await basicAuthorization(credentials, { type: 'app' }, jiraApp, jiraToken, 'jira');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'completed' });
    const resolved = await resolve(service, jiraApp, { type: 'app' }, { actionKey: 'jira' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.apiBaseUrl).toBe(`${user.sites[0].url}/rest/api/3`);
    const myself = await fetch(`${resolved.body.apiBaseUrl}/myself`, {
      headers: { Authorization: resolved.body.authorization },
    });
    expect(myself.status).toBe(200);
    const wrong = await basicAuthorization(
      { ...credentials, apiToken: 'nope' },
      { type: 'app' },
      jiraApp,
      jiraToken,
      'jira',
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('credentials_rejected');
  });

  it('a wrong API token is 422 credentials_rejected, AuthorizationFailed, and nothing stored', async () => {
    const user = world.user();
    const subject = { type: 'end-user', endUserId: 'wrong-token' };
    const answer = await basicAuthorization(
      { siteUrl: user.sites[0].url, username: user.email, apiToken: 'nope' },
      subject,
    );
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('credentials_rejected');
    expect(JSON.stringify(answer.body)).not.toContain('nope');
    const listed = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?endUserId=wrong-token`,
      token,
    );
    expect(listed.body.items).toEqual([]);
    await waitFor('AuthorizationFailed (basic)', () =>
      probe
        .parsedValues<{ type: string; payload: Json }>()
        .some((e) => e.type === 'AuthorizationFailed' && e.payload.subject.endUserId === 'wrong-token'),
    );
  });

  it('a site URL on a private address is refused before any call', async () => {
    const answer = await basicAuthorization({
      siteUrl: 'https://10.20.30.40/',
      username: 'a@example.com',
      apiToken: 'x',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('url_not_allowed');
    expect(answer.body.errors[0].path).toBe('body.credentials.siteUrl');
  });
});

describe('revocation', () => {
  it('DELETE revokes a connection: resolve answers 404 and ConnectionRevoked is published', async () => {
    const subject = { type: 'end-user' as const, endUserId: 'to-revoke' };
    const { connectionId } = await connectWithSystemApp(world, service, appId, subject);
    expect(
      (await call('DELETE', `${service.url}/v1/apps/${appId}/connections/${connectionId}`, token)).status,
    ).toBe(204);
    expect((await resolve(service, appId, subject)).status).toBe(404);
    await waitFor('ConnectionRevoked', () =>
      probe
        .parsedValues<{ type: string; payload: Json }>()
        .some((e) => e.type === 'ConnectionRevoked' && e.payload.connectionId === connectionId),
    );
    const otherApp = randomUUID();
    const other = await developerToken([otherApp]);
    const foreign = await call(
      'DELETE',
      `${service.url}/v1/apps/${otherApp}/connections/${connectionId}`,
      other,
    );
    expect(foreign.status).toBe(404);
  });

  it('ActionDeleted (delivered twice) revokes that app’s connections of the action once, and no other app’s', async () => {
    const deletedApp = randomUUID();
    const keptApp = randomUUID();
    const a = await connectWithSystemApp(world, service, deletedApp, { type: 'app' });
    const b = await connectWithSystemApp(world, service, deletedApp, { type: 'end-user', endUserId: 'u1' });
    await connectWithSystemApp(world, service, keptApp, { type: 'app' });

    const event = createEvent(ActionDeletedV1, {
      appId: deletedApp,
      correlationId: randomUUID(),
      payload: { actionKey: 'confluence', configurationId: randomUUID() },
    });
    const { topic, key, value, headers } = serializeEvent(event);
    const producer = createKafka({
      clientId: 'action-config-stand-in',
      brokers: testKafkaBrokers(),
    }).producer();
    await producer.connect();
    await producer.send({
      topic: world.topicPrefix + topic,
      messages: [
        { key, value, headers },
        { key, value, headers },
      ],
    });
    await producer.disconnect();

    const revokedIds = () =>
      probe
        .parsedValues<{ type: string; appId: string; payload: Json }>()
        .filter((e) => e.type === 'ConnectionRevoked' && e.appId === deletedApp)
        .map((e) => e.payload.connectionId);
    await waitFor('both connections revoked', () => revokedIds().length >= 2);
    expect((await resolve(service, deletedApp, { type: 'app' })).status).toBe(404);
    expect((await resolve(service, keptApp, { type: 'app' })).status).toBe(200);
    // Once the group's committed offsets pass both copies, the duplicate was consumed and did nothing.
    const admin = createKafka({ clientId: 'offsets-probe', brokers: testKafkaBrokers() }).admin();
    await admin.connect();
    await waitFor('both copies consumed', async () => {
      const [offsets] = await admin.fetchOffsets({
        groupId: consumerGroupOf('auth-profiles', world.topicPrefix),
        topics: [world.topicPrefix + topic],
      });
      return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) >= 2;
    });
    await admin.disconnect();
    expect(revokedIds().sort()).toEqual([a.connectionId, b.connectionId].sort());
  });
});
