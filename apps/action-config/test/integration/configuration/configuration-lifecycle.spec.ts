import { Topics } from '@actionhub/contracts';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { ActionConfigFixture, authorizationCompleted } from '../support/action-config-fixture';
import { ApiClient, Json } from '../support/api-client';

// The configuration state machine end to end over HTTP, with AuthorizationCompleted arriving
// over real Kafka as auth-profiles publishes it, and what action-config publishes read back
// from its topic.
const fixture = new ActionConfigFixture();
const path = (appId: string, rest = '') => `/v1/apps/${appId}/actions/confluence${rest}`;
const preAuthorizeSystem = {
  authorizationType: 'pre-authorize',
  mechanism: 'oauth2',
  profile: { kind: 'system' },
};

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

async function newApp(): Promise<{ appId: string; api: ApiClient }> {
  const appId = randomUUID();
  return { appId, api: await fixture.api(appId) };
}

/** A pre-authorize System configuration whose authorization completed. */
async function authorizedDraft() {
  const app = await newApp();
  expect((await app.api.put(path(app.appId, '/configuration'), preAuthorizeSystem)).status).toBe(200);
  const completed = authorizationCompleted(app.appId);
  await fixture.deliver(completed);
  return { ...app, completed };
}

async function configured() {
  const app = await authorizedDraft();
  expect((await app.api.post(path(app.appId, '/configuration/save'))).status).toBe(200);
  return app;
}

const waitForPublished = (appId: string, type: string, count: number) =>
  waitFor(
    `${count} ${type} for ${appId}`,
    () => fixture.published(appId, type),
    (events) => events.length >= count,
  );

describe('the catalog per app', () => {
  it('lists Confluence and Jira as available with their mechanisms and template counts', async () => {
    const { appId, api } = await newApp();
    const list = await api.get(`/v1/apps/${appId}/actions`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [
        {
          actionKey: 'confluence',
          name: 'Confluence',
          description: expect.any(String),
          region: 'available',
          status: null,
          mechanisms: ['oauth2', 'basic'],
          templateCount: 11,
        },
        {
          actionKey: 'jira',
          name: 'Jira',
          description: expect.any(String),
          region: 'available',
          status: null,
          mechanisms: ['oauth2', 'basic'],
          templateCount: 7,
        },
      ],
      nextCursor: null,
    });
    const one = await api.get(path(appId));
    expect(one.body).toMatchObject({ actionKey: 'confluence', region: 'available', configuration: null });
  });

  it('answers an unknown action with 404 action_not_found', async () => {
    const { appId, api } = await newApp();
    const res = await api.get(`/v1/apps/${appId}/actions/jira-someday`);
    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('action_not_found');
  });
});

describe('PUT configuration', () => {
  it('creates a draft that stays Available', async () => {
    const { appId, api } = await newApp();
    const put = await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      configurationId: expect.any(String),
      state: 'draft',
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
      authorization: null,
      configuredAt: null,
    });
    const action = (await api.get(path(appId))).body;
    expect(action).toMatchObject({ region: 'available', status: null, configuration: { state: 'draft' } });
  });

  it('rejects bad input with 400 validation_failed and the paths at fault', async () => {
    const { appId, api } = await newApp();
    const res = await api.put(path(appId, '/configuration'), {
      authorizationType: 'sometimes',
      mechanism: 'oauth2',
      profile: { kind: 'custom' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: Json) => e.path)).toEqual(
      expect.arrayContaining(['body.authorizationType', 'body.profile.profileId']),
    );
  });

  it('makes an earlier authorization stale when the profile changes', async () => {
    const { appId, api } = await authorizedDraft();
    await api.put(path(appId, '/configuration'), {
      ...preAuthorizeSystem,
      profile: { kind: 'custom', profileId: randomUUID() },
    });
    const save = await api.post(path(appId, '/configuration/save'));
    expect(save.status).toBe(409);
    expect(save.body.code).toBe('authorization_required');
  });

  it('keeps the authorization when the same settings are PUT again', async () => {
    const { appId, api } = await authorizedDraft();
    await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    expect((await api.post(path(appId, '/configuration/save'))).status).toBe(200);
  });
});

describe('guarded transitions', () => {
  it('answers 404 configuration_not_found before any PUT', async () => {
    const { appId, api } = await newApp();
    for (const command of ['save', 'enable', 'disable', 'authorize']) {
      const res = await api.post(path(appId, `/configuration/${command}`));
      expect({ command, status: res.status, code: res.body.code }).toEqual({
        command,
        status: 404,
        code: 'configuration_not_found',
      });
    }
    expect((await api.delete(path(appId, '/configuration'))).status).toBe(404);
  });

  it('saves a pre-authorize draft only after an app-level authorization completed', async () => {
    const { appId, api } = await newApp();
    await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    const early = await api.post(path(appId, '/configuration/save'));
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('authorization_required');
    expect((await api.post(path(appId, '/configuration/enable'))).body.code).toBe('authorization_required');

    // An end user's authorization and one for another profile do not count; the app's does.
    const endUser = authorizationCompleted(appId, { subject: { type: 'end-user', endUserId: 'u-1' } });
    const otherProfile = authorizationCompleted(appId, { profileId: randomUUID() });
    await fixture.deliver(endUser, otherProfile);
    expect((await api.post(path(appId, '/configuration/save'))).body.code).toBe('authorization_required');

    const completed = authorizationCompleted(appId);
    await fixture.deliver(completed);
    const action = (await api.get(path(appId))).body;
    expect(action.configuration.authorization).toMatchObject({
      authorizationId: completed.payload.authorizationId,
      connectionId: completed.payload.connectionId,
      site: completed.payload.site,
      current: true,
    });

    const save = await api.post(path(appId, '/configuration/save'));
    expect(save.status).toBe(200);
    expect(save.body).toMatchObject({
      region: 'configured',
      status: 'enabled',
      configuration: { state: 'enabled', configuredAt: expect.any(String) },
    });
    const list = (await api.get(`/v1/apps/${appId}/actions`)).body.items[0];
    expect(list).toMatchObject({ region: 'configured', status: 'enabled' });
  });

  it('does not disable a draft (409 action_not_configured)', async () => {
    const { appId, api } = await newApp();
    await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    const res = await api.post(path(appId, '/configuration/disable'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('action_not_configured');
  });

  it('refuses to authorize a user-authorize configuration (409 pre_authorize_only)', async () => {
    const { appId, api } = await newApp();
    await api.put(path(appId, '/configuration'), {
      ...preAuthorizeSystem,
      authorizationType: 'user-authorize',
    });
    const res = await api.post(path(appId, '/configuration/authorize'), {});
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('pre_authorize_only');
  });

  it('refuses user-authorize with Basic (422 basic_requires_pre_authorize) and keeps the stored settings', async () => {
    const { appId, api } = await newApp();
    await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    const res = await api.put(path(appId, '/configuration'), {
      ...preAuthorizeSystem,
      authorizationType: 'user-authorize',
      mechanism: 'basic',
    });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      code: 'basic_requires_pre_authorize',
      errors: [{ path: 'body.authorizationType', message: expect.stringContaining('oauth2') }],
    });
    expect(res.body.detail).toContain('"pre-authorize" with "basic"');
    expect((await api.get(path(appId))).body.configuration).toMatchObject({
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
    });
  });

  it('accepts both Confluence mechanisms, and answers 404 action_not_found for an unknown action', async () => {
    const { appId, api } = await newApp();
    const basic = await api.put(path(appId, '/configuration'), { ...preAuthorizeSystem, mechanism: 'basic' });
    expect(basic.body).toMatchObject({ state: 'draft', mechanism: 'basic' });
    const unknown = await api.put(`/v1/apps/${appId}/actions/nope/configuration`, preAuthorizeSystem);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('action_not_found');
  });
});

describe('ActionConfigured', () => {
  it('is published with firstTime true on the first save, and false on later saves', async () => {
    const { appId, api } = await configured();
    expect((await api.post(path(appId, '/configuration/save'))).status).toBe(200);
    const events = await waitForPublished(appId, 'ActionConfigured', 2);
    const configurationId = (await api.get(path(appId))).body.configuration.configurationId;
    expect(events.map((e) => e.payload)).toEqual([
      {
        actionKey: 'confluence',
        configurationId,
        sequence: 1,
        authorizationType: 'pre-authorize',
        mechanism: 'oauth2',
        profile: { kind: 'system' },
        firstTime: true,
      },
      expect.objectContaining({ firstTime: false, sequence: 2 }),
    ]);
    const message = fixture.probe.messages.find((m) => m.value?.includes(events[0].eventId));
    expect(message?.key).toBe(`${appId}:confluence`);
    expect(message?.topic).toBe(`${fixture.topicPrefix}${Topics.actionConfig}`);
  });

  it('is first only once when two saves race', async () => {
    const { appId, api } = await authorizedDraft();
    const answers = await Promise.all([
      api.post(path(appId, '/configuration/save')),
      api.post(path(appId, '/configuration/save')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const events = await waitForPublished(appId, 'ActionConfigured', 2);
    expect(events.map((e) => e.payload.firstTime).sort()).toEqual([false, true]);
    // The row lock orders them: one sequence each, in the order they were published.
    expect(events.map((e) => e.payload.sequence)).toEqual([1, 2]);
  });

  it('comes from enable for user-authorize with a custom profile, without any authorization', async () => {
    const { appId, api } = await newApp();
    const profileId = randomUUID();
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'user-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'custom', profileId },
    });
    const enable = await api.post(path(appId, '/configuration/enable'));
    expect(enable.status).toBe(200);
    expect(enable.body).toMatchObject({ region: 'configured', status: 'enabled' });
    const [event] = await waitForPublished(appId, 'ActionConfigured', 1);
    expect(event.payload).toMatchObject({
      authorizationType: 'user-authorize',
      profile: { kind: 'custom', profileId },
      firstTime: true,
    });
  });
});

describe('disable, enable, delete', () => {
  it('disables keeping the authorization, and enables only after a new authorization', async () => {
    const { appId, api, completed } = await configured();
    const disable = await api.post(path(appId, '/configuration/disable'));
    expect(disable.status).toBe(200);
    expect(disable.body).toMatchObject({
      region: 'configured',
      status: 'disabled',
      configuration: {
        authorization: { authorizationId: completed.payload.authorizationId, current: false },
      },
    });
    expect((await api.post(path(appId, '/configuration/disable'))).status).toBe(200);
    expect((await api.post(path(appId, '/configuration/save'))).body.code).toBe('action_disabled');

    const blocked = await api.post(path(appId, '/configuration/enable'));
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('authorization_required');

    // The old authorization, redelivered or completed before the disable, still does not count.
    const beforeDisable = authorizationCompleted(appId, {
      occurredAt: new Date(Date.parse(disable.body.configuration.updatedAt) - 60_000),
    });
    await fixture.events.publish(completed);
    await fixture.deliver(beforeDisable);
    expect((await api.post(path(appId, '/configuration/enable'))).body.code).toBe('authorization_required');

    await fixture.deliver(authorizationCompleted(appId));
    const enable = await api.post(path(appId, '/configuration/enable'));
    expect(enable.status).toBe(200);
    expect(enable.body).toMatchObject({ region: 'configured', status: 'enabled' });
    expect((await api.post(path(appId, '/configuration/enable'))).status).toBe(200);

    await waitForPublished(appId, 'ActionEnabled', 1);
    const configurationId = enable.body.configuration.configurationId;
    const types = fixture.published(appId).map((e) => e.type);
    expect(types).toEqual(['ActionConfigured', 'ActionDisabled', 'ActionEnabled']);
    // One sequence per event of the configuration; repeated disables and enables publish nothing.
    expect(fixture.published(appId).map((e) => e.payload.sequence)).toEqual([1, 2, 3]);
    expect(fixture.published(appId, 'ActionDisabled')[0].payload).toEqual({
      actionKey: 'confluence',
      configurationId,
      sequence: 2,
    });
  });

  it('enables a disabled user-authorize action at once', async () => {
    const { appId, api } = await newApp();
    await api.put(path(appId, '/configuration'), {
      ...preAuthorizeSystem,
      authorizationType: 'user-authorize',
    });
    await api.post(path(appId, '/configuration/enable'));
    await api.post(path(appId, '/configuration/disable'));
    expect((await api.post(path(appId, '/configuration/enable'))).body.status).toBe('enabled');
  });

  it('deletes back to Available, publishes ActionDeleted, and a new configuration is first again', async () => {
    const { appId, api } = await configured();
    const before = (await api.get(path(appId))).body.configuration.configurationId;
    const del = await api.delete(path(appId, '/configuration'));
    expect(del.status).toBe(204);
    expect((await api.get(path(appId))).body).toMatchObject({
      region: 'available',
      status: null,
      configuration: null,
    });
    expect((await api.delete(path(appId, '/configuration'))).body.code).toBe('configuration_not_found');
    const [deleted] = await waitForPublished(appId, 'ActionDeleted', 1);
    expect(deleted.payload).toEqual({ actionKey: 'confluence', configurationId: before });

    await api.put(path(appId, '/configuration'), preAuthorizeSystem);
    expect((await api.post(path(appId, '/configuration/save'))).body.code).toBe('authorization_required');
    await fixture.deliver(authorizationCompleted(appId));
    expect((await api.post(path(appId, '/configuration/save'))).status).toBe(200);
    const configuredEvents = await waitForPublished(appId, 'ActionConfigured', 2);
    expect(configuredEvents.map((e) => e.payload.firstTime)).toEqual([true, true]);
    expect(configuredEvents[1].payload.configurationId).not.toBe(before);
    // A new configuration counts from 1 again: consumers tell it apart by its id.
    expect(configuredEvents[1].payload.sequence).toBe(1);
  });
});

describe('edition and tenancy', () => {
  it('answers 403 edition_not_supported to a trial app for authorize, save and enable', async () => {
    const appId = randomUUID();
    const trial = await fixture.api(appId, 'trial');
    expect((await trial.put(path(appId, '/configuration'), preAuthorizeSystem)).status).toBe(200);
    await fixture.deliver(authorizationCompleted(appId));
    for (const command of ['authorize', 'save', 'enable']) {
      const res = await trial.post(path(appId, `/configuration/${command}`));
      expect({ command, status: res.status, code: res.body.code }).toEqual({
        command,
        status: 403,
        code: 'edition_not_supported',
      });
    }
    expect(fixture.stub.requests.filter((r) => r.path.includes(appId))).toEqual([]);
    expect((await trial.get(path(appId))).body.region).toBe('available');
  });

  it("answers 404 for another app's configuration, and leaves it alone", async () => {
    const { appId, api } = await configured();
    const stranger = await fixture.api(randomUUID());
    for (const [method, sub] of [
      ['GET', ''],
      ['PUT', '/configuration'],
      ['POST', '/configuration/disable'],
      ['DELETE', '/configuration'],
    ] as const) {
      const res = await stranger.call(
        method,
        path(appId, sub),
        method === 'PUT' ? preAuthorizeSystem : undefined,
      );
      expect({ method, sub, status: res.status, code: res.body?.code }).toEqual({
        method,
        sub,
        status: 404,
        code: 'not_found',
      });
    }
    expect((await api.get(path(appId))).body.status).toBe('enabled');
  });
});
