import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  serviceToken,
  Json,
} from './auth-profiles-harness';
import { consent, land } from '@actionhub/atlassian-sandbox';

/** Runs the whole consent flow for a subject and answers the stored connection's id. */
export async function connectWithSystemApp(
  world: AuthProfilesWorld,
  service: RunningAuthProfiles,
  appId: string,
  subject: { type: 'app' } | { type: 'end-user'; endUserId: string },
): Promise<{ connectionId: string; email: string }> {
  const user = world.user();
  const token = await developerToken([appId]);
  const started = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
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
