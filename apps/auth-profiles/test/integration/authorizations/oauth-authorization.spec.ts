import { pickSite, sitePickerForm, waitFor } from '@actionhub/testing';
import { KafkaProbe } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  SYSTEM_CLIENT,
  Json,
} from '../support/auth-profiles-harness';
import { consent, ConsentBrowser, land } from '@actionhub/atlassian-sandbox';
import { openLink } from '../support/connect';

// The OAuth 2.0 dance through the sandbox's consent page, as a developer (pre-authorize) and as
// an end user (authorize at runtime), with the System app and with a Custom profile.

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

const startAuthorization = (body: object, t = token) =>
  call('POST', `${service.url}/v1/apps/${appId}/authorizations`, t, { actionKey: 'confluence', ...body });

const eventsOfType = (type: string) =>
  probe
    .parsedValues<{ type: string; appId: string; payload: Json }>()
    .filter((e) => e.type === type && e.appId === appId);

describe('pre-authorize with the System app', () => {
  it('sends the developer to Atlassian with the Confluence scopes and parameters, and stores the connection', async () => {
    const user = world.user();
    const started = await startAuthorization({ profileId: 'system', subject: { type: 'app' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'pending', authorizationId: expect.any(String) });
    // The link opens Actionhub's start page, which binds the browser and sends it on to Atlassian.
    const link = new URL(started.body.authorizationUrl);
    expect(link.origin + link.pathname).toBe(`${service.url}/v1/oauth/start`);
    const browser = new ConsentBrowser();
    const opened = await browser.open(started.body.authorizationUrl);
    expect(opened.status).toBe(302);
    expect(opened.headers.get('set-cookie')).toMatch(
      /^actionhub-auth=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );
    const url = new URL(opened.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(`${world.sandbox.url.replace(/\/$/, '')}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      audience: 'api.atlassian.com',
      prompt: 'consent',
      response_type: 'code',
      client_id: SYSTEM_CLIENT.clientId,
      redirect_uri: world.callbackUrl,
      scope:
        'read:space:confluence read:page:confluence write:page:confluence delete:page:confluence write:comment:confluence read:label:confluence write:label:confluence search:confluence offline_access',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // PKCE: Atlassian accepts S256, so the code can only be exchanged with the verifier we keep.
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const landing = await browser.land(
      await browser.consent(started.body.authorizationUrl, { email: user.email }),
    );
    expect(landing.status).toBe(200);
    expect(landing.html).toContain('Confluence is connected');
    expect(landing.html).toContain(user.sites[0].name);

    const status = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/authorizations/${started.body.authorizationId}`,
      token,
    );
    expect(status.body).toMatchObject({ status: 'completed', connectionId: expect.any(String) });
    const connections = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?subjectType=app`,
      token,
    );
    expect(connections.body.items).toEqual([
      expect.objectContaining({
        connectionId: status.body.connectionId,
        actionKey: 'confluence',
        subject: { type: 'app' },
        site: { cloudId: user.sites[0].cloudId, url: user.sites[0].url, name: user.sites[0].name },
        status: 'active',
        scopes: expect.arrayContaining(['write:page:confluence']),
      }),
    ]);
    expect(JSON.stringify(connections.body)).not.toMatch(/sbx-|access_token|refresh/i);

    await waitFor(
      'AuthorizationCompleted on Kafka',
      () => eventsOfType('AuthorizationCompleted').length === 1,
    );
    expect(eventsOfType('AuthorizationCompleted')[0].payload).toEqual({
      authorizationId: started.body.authorizationId,
      connectionId: status.body.connectionId,
      actionKey: 'confluence',
      profileId: 'system',
      subject: { type: 'app' },
      site: { cloudId: user.sites[0].cloudId, url: user.sites[0].url, name: user.sites[0].name },
    });
  });

  it('redirects to returnTo with the outcome when the caller asked for it', async () => {
    const user = world.user();
    const origins = await call('PUT', `${service.url}/v1/apps/${appId}/return-origins`, token, {
      origins: ['https://builder.example.com'],
    });
    expect(origins.status).toBe(200);
    const started = await startAuthorization({
      profileId: 'system',
      subject: { type: 'end-user', endUserId: 'return-to-user' },
      returnTo: 'https://builder.example.com/actions/confluence?tab=auth',
    });
    const landing = await land(await consent(started.body.authorizationUrl, { email: user.email }));
    expect(landing.status).toBe(302);
    const back = new URL(landing.location!);
    expect(back.origin + back.pathname).toBe('https://builder.example.com/actions/confluence');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      tab: 'auth',
      authorizationId: started.body.authorizationId,
      status: 'completed',
    });
  });

  it('refuses trial editions with 403 edition_not_supported, storing nothing', async () => {
    const trial = await developerToken([appId], 'trial');
    const started = await startAuthorization({ profileId: 'system', subject: { type: 'app' } }, trial);
    expect(started.status).toBe(403);
    expect(started.headers.get('content-type')).toContain('application/problem+json');
    expect(started.body.code).toBe('edition_not_supported');
  });
});

describe('an end user authorizes with a Custom profile', () => {
  it('uses the profile’s own client and stores a connection for that end user only', async () => {
    const user = world.user();
    const client = { clientId: `custom-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
    const { registerClient } = await import('@actionhub/atlassian-sandbox');
    registerClient(world.sandbox.state, {
      ...client,
      name: 'Builder’s own app',
      redirectUris: [world.callbackUrl],
    });
    const sandbox = world.sandbox.url.replace(/\/$/, '');
    const profile = await call('POST', `${service.url}/v1/apps/${appId}/auth-profiles`, token, {
      type: 'oauth2',
      name: 'Our Atlassian app',
      identityProviderName: 'Atlassian',
      ...client,
      authorizationUrl: `${sandbox}/authorize`,
      tokenUrl: `${sandbox}/oauth/token`,
      scopes: ['read:space:confluence', 'read:page:confluence', 'write:page:confluence', 'offline_access'],
      authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    });
    expect(profile.status).toBe(201);
    expect(profile.body).toMatchObject({
      kind: 'custom',
      hasClientSecret: true,
      callbackUrl: world.callbackUrl,
    });
    expect(JSON.stringify(profile.body)).not.toContain(client.clientSecret);

    const subject = { type: 'end-user', endUserId: 'end-user-42' };
    const started = await startAuthorization({ profileId: profile.body.profileId, subject });
    const browser = new ConsentBrowser();
    const providerUrl = new URL(await openLink(browser, started.body.authorizationUrl));
    expect(providerUrl.searchParams.get('client_id')).toBe(client.clientId);
    // A custom profile keeps PKCE off unless it asks for it (its provider may not take it).
    expect(providerUrl.searchParams.has('code_challenge')).toBe(false);
    const landing = await browser.land(
      await browser.consent(started.body.authorizationUrl, { email: user.email }),
    );
    expect(landing.status).toBe(200);

    const mine = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?endUserId=end-user-42`,
      token,
    );
    expect(mine.body.items).toEqual([
      expect.objectContaining({ subject, profileId: profile.body.profileId, status: 'active' }),
    ]);
    await waitFor('AuthorizationCompleted for the end user', () =>
      eventsOfType('AuthorizationCompleted').some((e) => e.payload.subject.endUserId === 'end-user-42'),
    );
  });
});

describe('a user with several sites', () => {
  /** A user whose token reaches both of their sites: they consented to one, then the other. */
  async function userOnTwoSites(subject: object) {
    const user = world.user([`one-${randomUUID().slice(0, 6)}`, `two-${randomUUID().slice(0, 6)}`]);
    const first = await startAuthorization({ profileId: 'system', subject, site: user.sites[0].cloudId });
    await land(
      await consent(first.body.authorizationUrl, { email: user.email, site: user.sites[0].cloudId }),
    );
    return user;
  }

  it('is never silently connected to the first site: the user picks one, and the connection acts on it', async () => {
    const subject = { type: 'end-user', endUserId: `multi-${randomUUID()}` };
    const user = await userOnTwoSites(subject);
    const started = await startAuthorization({ profileId: 'system', subject });
    const callbackUrl = await consent(started.body.authorizationUrl, {
      email: user.email,
      site: user.sites[1].cloudId,
    });
    const picker = await land(callbackUrl);
    expect(picker.status).toBe(200);
    expect(picker.html).toContain('Choose the site for Confluence');
    expect(sitePickerForm(picker.html).sites.sort()).toEqual(user.sites.map((s) => s.cloudId).sort());
    expect(picker.html).toContain(user.sites[0].name);
    expect(picker.html).toContain(user.sites[1].name);
    // Nothing is connected to the second authorization until the user picks.
    const waiting = `${service.url}/v1/apps/${appId}/authorizations/${started.body.authorizationId}`;
    expect((await call('GET', waiting, token)).body.status).toBe('pending');

    const picked = await pickSite(callbackUrl, picker.html, user.sites[1].cloudId);
    expect(picked.status).toBe(200);
    expect(picked.html).toContain('Confluence is connected');
    expect(picked.html).toContain(user.sites[1].name);
    expect((await call('GET', waiting, token)).body).toMatchObject({ status: 'completed' });
    const connections = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?endUserId=${subject.endUserId}`,
      token,
    );
    expect(connections.body.items.map((c: Json) => c.site.cloudId)).toEqual([user.sites[1].cloudId]);
    await waitFor('AuthorizationCompleted on the picked site', () =>
      eventsOfType('AuthorizationCompleted').some(
        (e) =>
          e.payload.authorizationId === started.body.authorizationId &&
          e.payload.site.cloudId === user.sites[1].cloudId,
      ),
    );

    // The form is single use: submitting it again changes nothing.
    const again = await pickSite(callbackUrl, picker.html, user.sites[0].cloudId);
    expect(again.status).toBe(400);
    expect(again.html).toContain('already made or is unknown');
    const after = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?endUserId=${subject.endUserId}`,
      token,
    );
    expect(after.body.items.map((c: Json) => c.site.cloudId)).toEqual([user.sites[1].cloudId]);
  });

  it('refuses a site the consent does not reach, and stores no tokens for it', async () => {
    const subject = { type: 'end-user', endUserId: `forged-${randomUUID()}` };
    const user = await userOnTwoSites(subject);
    const started = await startAuthorization({ profileId: 'system', subject });
    const callbackUrl = await consent(started.body.authorizationUrl, {
      email: user.email,
      site: user.sites[1].cloudId,
    });
    const picker = await land(callbackUrl);
    const forged = await pickSite(callbackUrl, picker.html, 'another-tenants-cloud-id');
    expect(forged.status).toBe(400);
    expect(forged.html).toContain('not one the authorization reaches');
    const failed = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/authorizations/${started.body.authorizationId}`,
      token,
    );
    expect(failed.body).toMatchObject({ status: 'failed', error: expect.stringContaining('not one') });
    const kept = await service.app
      .get(DataSource)
      .query('SELECT pending_tokens_encrypted, site_choices FROM auth_profiles.authorization WHERE id = $1', [
        started.body.authorizationId,
      ]);
    expect(kept).toEqual([{ pending_tokens_encrypted: null, site_choices: null }]);
  });

  it('connects the named site without asking when the authorization names one', async () => {
    const subject = { type: 'end-user', endUserId: `named-${randomUUID()}` };
    const user = await userOnTwoSites(subject);
    const named = await startAuthorization({ profileId: 'system', subject, site: user.sites[1].cloudId });
    const landing = await land(
      await consent(named.body.authorizationUrl, { email: user.email, site: user.sites[1].cloudId }),
    );
    expect(landing.status).toBe(200);
    expect(landing.html).toContain('Confluence is connected');
    const connections = await call(
      'GET',
      `${service.url}/v1/apps/${appId}/connections?endUserId=${subject.endUserId}`,
      token,
    );
    expect(connections.body.items.map((c: Json) => c.site.cloudId)).toEqual([user.sites[1].cloudId]);
  });
});
