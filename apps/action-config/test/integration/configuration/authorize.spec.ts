import { INTERNAL_AUDIENCE } from '@actionhub/service-kit';
import { randomUUID } from 'node:crypto';
import { ActionConfigFixture } from '../support/action-config-fixture';
import { Json } from '../support/api-client';

// `authorize` calls auth-profiles' internal route. auth-profiles is built in parallel, so a real
// HTTP server stands in for that one route here: it checks what action-config sends and answers
// as API.md describes. The end-to-end run against auth-profiles and the Atlassian sandbox is
// a separate test.
const fixture = new ActionConfigFixture();
const path = (appId: string, rest = '') => `/v1/apps/${appId}/actions/confluence${rest}`;

beforeAll(() => fixture.start());
afterAll(() => fixture.stop());

const claimsOf = (authorization: string | undefined): Json =>
  JSON.parse(
    Buffer.from((authorization ?? '').replace(/^Bearer /, '').split('.')[1], 'base64url').toString(),
  );

describe('POST .../configuration/authorize', () => {
  it('asks auth-profiles for an app-level OAuth authorization with a service token and relays its 201', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId, 'enterprise');
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    const pending = {
      authorizationId: randomUUID(),
      status: 'pending',
      authorizationUrl: 'http://127.0.0.1:3001/v1/oauth/start?link=abc',
      expiresAt: '2026-11-01T12:10:00.000Z',
    };
    fixture.stub.answerWith(() => ({ status: 201, body: pending }));

    const res = await api.post(path(appId, '/configuration/authorize'), {
      returnTo: 'https://builder.example/back',
      site: 'acme',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(pending);

    const [sent] = fixture.stub.requests.filter((r) => r.path.includes(appId));
    expect(sent).toMatchObject({ method: 'POST', path: `/internal/v1/apps/${appId}/authorizations` });
    expect(sent.body).toEqual({
      actionKey: 'confluence',
      profileId: 'system',
      subject: { type: 'app' },
      edition: 'enterprise',
      returnTo: 'https://builder.example/back',
      site: 'acme',
    });
    expect(claimsOf(sent.authorization)).toMatchObject({ aud: INTERNAL_AUDIENCE, sub: 'action-config' });
    expect(sent.correlationId).toEqual(expect.any(String));

    // Pending is not completed: saving still waits for AuthorizationCompleted.
    expect((await api.post(path(appId, '/configuration/save'))).body.code).toBe('authorization_required');
  });

  it('sends the custom profile id, and relays auth-profiles 404 when the profile does not exist for the app', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    const profileId = randomUUID();
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'custom', profileId },
    });
    fixture.stub.answerWith(() => ({
      status: 404,
      contentType: 'application/problem+json',
      body: {
        type: 'x',
        title: 'Not Found',
        status: 404,
        detail: 'No such profile.',
        code: 'profile_not_found',
      },
    }));
    const res = await api.post(path(appId, '/configuration/authorize'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'profile_not_found', detail: 'No such profile.' });
    expect(fixture.stub.requests.find((r) => r.path.includes(appId))?.body.profileId).toBe(profileId);
  });

  it('needs Basic credentials for the basic mechanism, and a Basic authorization counts at once', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'basic',
      profile: { kind: 'system' },
    });
    const missing = await api.post(path(appId, '/configuration/authorize'), {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'body.credentials' })]);

    const completed = { authorizationId: randomUUID(), status: 'completed', connectionId: randomUUID() };
    fixture.stub.answerWith(() => ({ status: 201, body: completed }));
    const credentials = {
      siteUrl: 'https://acme.atlassian.net',
      username: 'dev@acme.test',
      apiToken: 'token-1',
    };
    const res = await api.post(path(appId, '/configuration/authorize'), { credentials });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(completed);
    expect(fixture.stub.requests.find((r) => r.path.includes(appId))?.body.credentials).toEqual(credentials);

    const save = await api.post(path(appId, '/configuration/save'));
    expect(save.status).toBe(200);
    expect(save.body.configuration.authorization).toMatchObject({
      authorizationId: completed.authorizationId,
      connectionId: completed.connectionId,
      current: true,
    });
  });

  it('refuses credentials for oauth2', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    const res = await api.post(path(appId, '/configuration/authorize'), {
      credentials: { siteUrl: 'https://acme.atlassian.net', username: 'a', apiToken: 'b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('answers 503 auth_profiles_unavailable when auth-profiles fails, never a 500', async () => {
    const appId = randomUUID();
    const api = await fixture.api(appId);
    await api.put(path(appId, '/configuration'), {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    fixture.stub.answerWith(() => ({ status: 500, body: { code: 'internal_error' } }));
    const res = await api.post(path(appId, '/configuration/authorize'));
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('auth_profiles_unavailable');
  });
});
