import { registerClient } from '@actionhub/atlassian-sandbox';
import { waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { consent, defaultBrowser, land } from '@actionhub/atlassian-sandbox';
import { Platform } from './support/platform';

// The seed's Step 1 with every real part: action-config asks the real auth-profiles for the
// Atlassian consent URL, the developer consents on the sandbox's page, AuthorizationCompleted
// travels over Kafka back to action-config, save moves the action to Configured, and
// template-installer shows exactly one Integration Successful notice.

const platform = new Platform();

beforeAll(async () => {
  await platform.start();
});

afterAll(() => platform.stop());

const configuration = '/actions/confluence/configuration';

/** A custom profile with its own Atlassian app, created in auth-profiles. */
async function customProfile(
  api: Awaited<ReturnType<Platform['developer']>>,
  appId: string,
): Promise<string> {
  const client = { clientId: `custom-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  registerClient(platform.sandbox.state, {
    ...client,
    name: 'Builder app',
    redirectUris: [platform.callbackUrl],
  });
  const sandbox = platform.sandbox.url.replace(/\/$/, '');
  const created = await api('auth-profiles', 'POST', `/v1/apps/${appId}/auth-profiles`, {
    type: 'oauth2',
    name: 'Our Atlassian app',
    identityProviderName: 'Atlassian',
    ...client,
    authorizationUrl: `${sandbox}/authorize`,
    tokenUrl: `${sandbox}/oauth/token`,
    scopes: [],
  });
  expect(created.status).toBe(201);
  return created.body.profileId;
}

describe.each(['system', 'custom'] as const)('with a %s profile', (kind) => {
  it('pre-authorize: consent on Atlassian, save, Configured, exactly one notice', async () => {
    const appId = randomUUID();
    const api = await platform.developer(appId);
    const profile = kind === 'system' ? { kind } : { kind, profileId: await customProfile(api, appId) };
    const put = await api('action-config', 'PUT', `/v1/apps/${appId}${configuration}`, {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile,
    });
    expect(put.status).toBe(200);
    // Nothing to save before the developer has authorized.
    const early = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/save`);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('authorization_required');

    const authorize = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {});
    expect(authorize.status).toBe(201);
    // The link is auth-profiles' start page: it binds this browser, then sends it to Atlassian.
    const opened = await defaultBrowser.open(authorize.body.authorizationUrl);
    expect(opened.status).toBe(302);
    const url = new URL(opened.headers.get('location')!);
    expect(url.searchParams.get('code_challenge_method')).toBe(kind === 'system' ? 'S256' : null);
    expect(url.searchParams.get('scope')).toBe(
      'read:space:confluence read:page:confluence write:page:confluence delete:page:confluence write:comment:confluence read:label:confluence write:label:confluence search:confluence offline_access',
    );
    const user = platform.user();
    const landing = await land(await consent(authorize.body.authorizationUrl, { email: user.email }));
    expect(landing.status).toBe(200);

    const saved = await waitFor(
      'save once AuthorizationCompleted reached action-config',
      () => api('action-config', 'POST', `/v1/apps/${appId}${configuration}/save`),
      (answer) => answer.status !== 409,
    );
    expect(saved.status).toBe(200);
    const actions = await api('action-config', 'GET', `/v1/apps/${appId}/actions`);
    expect(actions.body.items).toEqual([
      expect.objectContaining({ actionKey: 'confluence', region: 'configured', status: 'enabled' }),
      expect.objectContaining({ actionKey: 'jira', region: 'available', status: null }),
    ]);
    const notices = await waitFor(
      'the Integration Successful notice',
      async () => (await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items,
      (items: unknown[]) => items.length > 0,
    );
    expect(notices).toEqual([
      expect.objectContaining({
        type: 'integration-successful',
        actionKey: 'confluence',
        options: ['explore-templates', 'skip-for-now'],
      }),
    ]);
    // The app's connection lives in auth-profiles, for the app itself, on the consented site.
    const connections = await api('auth-profiles', 'GET', `/v1/apps/${appId}/connections`);
    expect(connections.body.items).toEqual([
      expect.objectContaining({
        subject: { type: 'app' },
        site: expect.objectContaining({ cloudId: user.sites[0].cloudId }),
      }),
    ]);
    // A second save is no first time: still one notice.
    expect((await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/save`)).status).toBe(200);
    const templates = await waitFor(
      'templates once template-installer knows the action is configured',
      () => api('template-installer', 'GET', `/v1/apps/${appId}/actions/confluence/templates`),
      (answer) => answer.status === 200,
    );
    expect(templates.body.items.length).toBeGreaterThan(0);
    expect((await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items).toHaveLength(1);
  });

  it('user-authorize: enable without an authorization, Configured, exactly one notice', async () => {
    const appId = randomUUID();
    const api = await platform.developer(appId);
    const profile = kind === 'system' ? { kind } : { kind, profileId: await customProfile(api, appId) };
    await api('action-config', 'PUT', `/v1/apps/${appId}${configuration}`, {
      authorizationType: 'user-authorize',
      mechanism: 'oauth2',
      profile,
    });
    const authorize = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {});
    expect(authorize.status).toBe(409);
    expect((await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/enable`)).status).toBe(200);
    const notices = await waitFor(
      'the Integration Successful notice',
      async () => (await api('template-installer', 'GET', `/v1/apps/${appId}/notices`)).body.items,
      (items: unknown[]) => items.length > 0,
    );
    expect(notices).toHaveLength(1);
  });
});

it('returnTo only to an origin the app registered: refused until it is, then the browser goes back there', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId);
  await api('action-config', 'PUT', `/v1/apps/${appId}${configuration}`, {
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  const returnTo = 'https://builder.example.com/actions/confluence';
  const refused = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {
    returnTo,
  });
  expect(refused.status).toBe(422);
  expect(refused.body.code).toBe('return_to_not_allowed');

  const origins = await api('auth-profiles', 'PUT', `/v1/apps/${appId}/return-origins`, {
    origins: ['https://builder.example.com'],
  });
  expect(origins.status).toBe(200);
  const authorize = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {
    returnTo,
  });
  expect(authorize.status).toBe(201);
  const landing = await land(
    await consent(authorize.body.authorizationUrl, { email: platform.user().email }),
  );
  expect(landing.status).toBe(302);
  const back = new URL(landing.location!);
  expect(back.origin + back.pathname).toBe(returnTo);
  expect(back.searchParams.get('status')).toBe('completed');
});

it('a trial edition cannot authorize: 403 edition_not_supported from action-config', async () => {
  const appId = randomUUID();
  const api = await platform.developer(appId, 'trial');
  await api('action-config', 'PUT', `/v1/apps/${appId}${configuration}`, {
    authorizationType: 'pre-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  const authorize = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {});
  expect(authorize.status).toBe(403);
  expect(authorize.body.code).toBe('edition_not_supported');
});

describe('disable, enable, delete and error across the services', () => {
  const appId = randomUUID();
  let api: Awaited<ReturnType<Platform['developer']>>;

  const authorizeAsDeveloper = async () => {
    const authorize = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/authorize`, {});
    expect(authorize.status).toBe(201);
    expect(
      (await land(await consent(authorize.body.authorizationUrl, { email: platform.user().email }))).status,
    ).toBe(200);
  };
  const status = async () =>
    (await api('action-config', 'GET', `/v1/apps/${appId}/actions`)).body.items[0] as {
      region: string;
      status: string;
    };

  beforeAll(async () => {
    api = await platform.developer(appId);
    await api('action-config', 'PUT', `/v1/apps/${appId}${configuration}`, {
      authorizationType: 'pre-authorize',
      mechanism: 'oauth2',
      profile: { kind: 'system' },
    });
    await authorizeAsDeveloper();
    await waitFor(
      'save',
      () => api('action-config', 'POST', `/v1/apps/${appId}${configuration}/save`),
      (a) => a.status === 200,
    );
  });

  it('enabling a disabled pre-authorized action needs a new consent first', async () => {
    expect((await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/disable`)).status).toBe(
      200,
    );
    expect(await status()).toMatchObject({ region: 'configured', status: 'disabled' });
    // Disable keeps the authorization: the connection is still there.
    const connections = await api('auth-profiles', 'GET', `/v1/apps/${appId}/connections?subjectType=app`);
    expect(connections.body.items[0].status).toBe('active');
    const refused = await api('action-config', 'POST', `/v1/apps/${appId}${configuration}/enable`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('authorization_required');
    await authorizeAsDeveloper();
    const enabled = await waitFor(
      'enable once the new AuthorizationCompleted arrived',
      () => api('action-config', 'POST', `/v1/apps/${appId}${configuration}/enable`),
      (a) => a.status !== 409,
    );
    expect(enabled.status).toBe(200);
    expect(await status()).toMatchObject({ status: 'enabled' });
  });

  // Last in the file: it moves the sandbox clock 91 days, past every refresh token's idle expiry.
  it('a refresh that fails for good puts the configuration in error; delete revokes every connection', async () => {
    await platform.query(
      `UPDATE auth_profiles.connection SET expires_at = now() + interval '1 minute' WHERE app_id = $1`,
      [appId],
    );
    await fetch(`${platform.sandbox.url.replace(/\/$/, '')}/admin/clock/advance`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ seconds: 91 * 24 * 3600 }),
    });
    const resolved = await platform.internal(
      'auth-profiles',
      `/internal/v1/apps/${appId}/connections/resolve`,
      {
        actionKey: 'confluence',
        subject: { type: 'app' },
      },
    );
    expect(resolved.status).toBe(409);
    expect(resolved.body.code).toBe('reauthorization_required');
    await waitFor('the configuration in error', status, (s) => s.status === 'error');

    expect((await api('action-config', 'DELETE', `/v1/apps/${appId}${configuration}`)).status).toBe(204);
    expect(await status()).toMatchObject({ region: 'available', status: null });
    await waitFor(
      'auth-profiles to revoke the action’s connections',
      async () =>
        (await api('auth-profiles', 'GET', `/v1/apps/${appId}/connections`)).body.items as {
          status: string;
        }[],
      (items) => items.length > 0 && items.every((c) => c.status === 'revoked'),
    );
    const templates = await waitFor(
      'template-installer to forget the configuration',
      () => api('template-installer', 'GET', `/v1/apps/${appId}/actions/confluence/templates`),
      (a) => a.status === 409,
    );
    expect(templates.body.code).toBe('action_not_configured');
  });
});
