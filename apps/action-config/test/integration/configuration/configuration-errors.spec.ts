import { AuthProfileDeletedV1, ConnectionRefreshFailedV1, createEvent } from '@actionhub/contracts';
import { randomUUID } from 'node:crypto';
import { ActionConfigFixture, authorizationCompleted } from '../support/action-config-fixture';

// A connection that can no longer be refreshed, or a deleted custom profile, puts the
// configuration in `error` and tells the app's developers; the events arrive over real Kafka.
const fixture = new ActionConfigFixture();
const path = (appId: string, rest = '') => `/v1/apps/${appId}/actions/confluence${rest}`;

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

const refreshFailed = (
  appId: string,
  connectionId: string,
  overrides: { final?: boolean; endUser?: boolean } = {},
) =>
  createEvent(ConnectionRefreshFailedV1, {
    appId,
    correlationId: randomUUID(),
    payload: {
      connectionId,
      actionKey: 'confluence',
      subject: overrides.endUser ? { type: 'end-user', endUserId: 'u-7' } : { type: 'app' },
      final: overrides.final ?? true,
      reason: 'invalid_grant: Unknown or invalid refresh token.',
    },
  });

const profileDeleted = (appId: string, profileId: string) =>
  createEvent(AuthProfileDeletedV1, { appId, correlationId: randomUUID(), payload: { profileId } });

describe('ConnectionRefreshFailed { final: true } for the app connection', () => {
  it('puts the configuration in error, notifies the developers once, and a new authorization recovers it', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    const completed = authorizationCompleted(appId);
    await fixture.deliver(completed);
    expect((await api.post(path(appId, '/configuration/save'))).status).toBe(200);
    const connectionId = completed.payload.connectionId;

    // Not final, an end user's, or another connection: none of them is the app's lost grant.
    await fixture.deliver(
      refreshFailed(appId, connectionId, { final: false }),
      refreshFailed(appId, connectionId, { endUser: true }),
      refreshFailed(appId, randomUUID()),
    );
    expect((await api.get(path(appId))).body.status).toBe('enabled');
    expect((await api.get(`/v1/apps/${appId}/notifications`)).body.items).toEqual([]);

    const final = refreshFailed(appId, connectionId);
    await fixture.deliver(final);
    await fixture.events.publish(final); // redelivered
    await fixture.deliver(refreshFailed(appId, connectionId)); // reported again by another event
    const action = (await api.get(path(appId))).body;
    expect(action).toMatchObject({
      region: 'configured',
      status: 'error',
      configuration: {
        state: 'error',
        error: { reason: expect.stringContaining('Authorize the action again') },
        authorization: { current: false },
      },
    });
    const notifications = (await api.get(`/v1/apps/${appId}/notifications`)).body;
    expect(notifications).toEqual({
      items: [
        {
          notificationId: expect.any(String),
          type: 'reauthorization_required',
          actionKey: 'confluence',
          configurationId: action.configuration.configurationId,
          message: expect.stringContaining('invalid_grant'),
          createdAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });

    expect((await api.post(path(appId, '/configuration/save'))).body.code).toBe('authorization_required');
    await fixture.deliver(authorizationCompleted(appId));
    const save = await api.post(path(appId, '/configuration/save'));
    expect(save.status).toBe(200);
    expect(save.body).toMatchObject({ status: 'enabled', configuration: { error: null } });
  });

  it('can disable an action in error; enabling it then needs a new authorization', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    const completed = authorizationCompleted(appId);
    await fixture.deliver(completed);
    await api.post(path(appId, '/configuration/save'));
    await fixture.deliver(refreshFailed(appId, completed.payload.connectionId));
    expect((await api.post(path(appId, '/configuration/disable'))).body.status).toBe('disabled');
    expect((await api.post(path(appId, '/configuration/enable'))).body.code).toBe('authorization_required');
  });
});

describe('AuthProfileDeleted for the custom profile in use', () => {
  it('puts the configuration in error until another profile is chosen', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    const profileId = randomUUID();
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'user-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'custom', profileId },
    });
    expect((await api.post(path(appId, '/configuration/enable'))).status).toBe(200);

    await fixture.deliver(profileDeleted(appId, randomUUID()), profileDeleted(randomUUID(), profileId));
    expect((await api.get(path(appId))).body.status).toBe('enabled');

    const deleted = profileDeleted(appId, profileId);
    await fixture.deliver(deleted);
    await fixture.events.publish(deleted); // redelivered
    await fixture.deliver(profileDeleted(appId, profileId)); // reported again, same key: consumed after both
    const action = (await api.get(path(appId))).body;
    expect(action).toMatchObject({ status: 'error', configuration: { profileDeleted: true } });
    const notifications = (await api.get(`/v1/apps/${appId}/notifications`)).body.items;
    expect(notifications).toEqual([
      expect.objectContaining({ type: 'auth_profile_deleted', actionKey: 'confluence' }),
    ]);

    const blocked = await api.post(path(appId, '/configuration/enable'));
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('profile_deleted');

    await api.put(path(appId, '/configuration'), {
      authorizationType: 'user-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    const enable = await api.post(path(appId, '/configuration/enable'));
    expect(enable.status).toBe(200);
    expect(enable.body).toMatchObject({ status: 'enabled', configuration: { profileDeleted: false } });
  });

  it("keeps other apps' notifications to themselves", async () => {
    const appId = randomUUID();
    const other = await fixture.api(randomUUID());
    const res = await other.get(`/v1/apps/${appId}/notifications`);
    expect(res.status).toBe(404);
  });
});
