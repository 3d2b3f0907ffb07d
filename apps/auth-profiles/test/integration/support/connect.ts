import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  serviceToken,
  Json,
} from './auth-profiles-harness';
import { consent, ConsentBrowser, land, registerClient } from '@actionhub/atlassian-sandbox';
import { randomUUID } from 'node:crypto';

/**
 * Opens an authorization link in `browser` like a person clicking it: Actionhub's start page
 * answers 302 to the provider's consent page and sets its cookie. Answers the provider's URL.
 */
export async function openLink(browser: ConsentBrowser, authorizationUrl: string): Promise<string> {
  const opened = await browser.open(authorizationUrl);
  const body = await opened.text();
  if (opened.status !== 302) throw new Error(`the link answered ${opened.status}: ${body.slice(0, 300)}`);
  return new URL(opened.headers.get('location')!, authorizationUrl).toString();
}

/** Runs the whole consent flow for a subject (System profile unless named) and answers the stored connection's id. */
export async function connectWithSystemApp(
  world: AuthProfilesWorld,
  service: RunningAuthProfiles,
  appId: string,
  subject: { type: 'app' } | { type: 'end-user'; endUserId: string },
  profileId = 'system',
): Promise<{ connectionId: string; email: string }> {
  const user = world.user();
  const token = await developerToken([appId]);
  const started = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId,
    subject,
  });
  if (started.status !== 201)
    throw new Error(`authorization answered ${started.status}: ${JSON.stringify(started.body)}`);
  const landing = await land(await consent(started.body.authorizationUrl, { email: user.email }));
  if (landing.status !== 200) throw new Error(`callback answered ${landing.status}: ${landing.html}`);
  const status = await call(
    'GET',
    `${service.url}/v1/apps/${appId}/authorizations/${started.body.authorizationId}`,
    token,
  );
  return { connectionId: status.body.connectionId, email: user.email };
}

/**
 * A custom OAuth profile for `appId` with a client of its own, registered at the sandbox: the
 * profile's id, and the client (tests change its secret on either side).
 */
export async function customProfile(
  world: AuthProfilesWorld,
  service: RunningAuthProfiles,
  appId: string,
): Promise<{ profileId: string; clientId: string; clientSecret: string }> {
  const client = { clientId: `custom-${randomUUID()}`, clientSecret: `secret-${randomUUID()}` };
  registerClient(world.sandbox.state, {
    ...client,
    name: 'Builder’s own app',
    redirectUris: [world.callbackUrl],
  });
  const sandbox = world.sandbox.url.replace(/\/$/, '');
  const created = await call(
    'POST',
    `${service.url}/v1/apps/${appId}/auth-profiles`,
    await developerToken([appId]),
    {
      type: 'oauth2',
      name: `Own app ${randomUUID().slice(0, 8)}`,
      identityProviderName: 'Atlassian',
      ...client,
      authorizationUrl: `${sandbox}/authorize`,
      tokenUrl: `${sandbox}/oauth/token`,
      scopes: ['read:space:confluence', 'read:page:confluence', 'write:page:confluence', 'offline_access'],
      authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    },
  );
  if (created.status !== 201)
    throw new Error(`profile answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { profileId: created.body.profileId, ...client };
}

/** The sandbox's counters (token requests, refresh grants, reuse revocations, ...). */
export async function sandboxCounters(world: AuthProfilesWorld): Promise<Record<string, number>> {
  return (await call('GET', `${world.sandbox.url.replace(/\/$/, '')}/admin/counters`, null)).body;
}

/** The sandbox's admin API: faults, the clock. */
export async function sandboxAdmin(world: AuthProfilesWorld, method: string, path: string, body?: unknown) {
  const answer = await call(method, `${world.sandbox.url.replace(/\/$/, '')}/admin${path}`, null, body);
  if (answer.status >= 300) throw new Error(`sandbox ${path} answered ${answer.status}`);
  return answer.body;
}

/** The runtime's call: POST /internal/.../connections/resolve with a service token. */
export async function resolve(
  service: RunningAuthProfiles,
  appId: string,
  subject: object,
  extra: object = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  return call('POST', `${service.url}/internal/v1/apps/${appId}/connections/resolve`, await serviceToken(), {
    actionKey: 'confluence',
    subject,
    ...extra,
  });
}
