import { signServiceToken } from '@actionhub/service-kit';
import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  INTERNAL_JWT_SECRET,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';

// Every service shares the internal secret; auth-profiles answers each internal route only to
// the services named in RESOLVE_ALLOWED_SERVICES and AUTHORIZE_ALLOWED_SERVICES (the token's sub).

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  service = await world.boot();
});

afterAll(() => world.stop());

const resolveAs = async (target: RunningAuthProfiles, caller: string) =>
  call(
    'POST',
    `${target.url}/internal/v1/apps/${appId}/connections/resolve`,
    await signServiceToken(INTERNAL_JWT_SECRET, caller),
    { actionKey: 'confluence', subject: { type: 'app' } },
  );

const authorizeAs = async (target: RunningAuthProfiles, caller: string) =>
  call(
    'POST',
    `${target.url}/internal/v1/apps/${appId}/authorizations`,
    await signServiceToken(INTERNAL_JWT_SECRET, caller),
    { actionKey: 'confluence', profileId: 'system', subject: { type: 'app' }, edition: 'developer' },
  );

it('by default only dialogs resolves connections; others get 403 service_not_allowed', async () => {
  expect((await resolveAs(service, 'dialogs')).body.code).toBe('connection_not_found');
  for (const caller of ['action-config', 'template-installer', 'someone']) {
    const refused = await resolveAs(service, caller);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'service_not_allowed' });
    expect(refused.body.detail).toContain(caller);
  }
});

it('by default action-config and dialogs create authorization links; others get 403 service_not_allowed', async () => {
  expect((await authorizeAs(service, 'action-config')).status).toBe(201);
  expect((await authorizeAs(service, 'dialogs')).status).toBe(201);
  const refused = await authorizeAs(service, 'template-installer');
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('service_not_allowed');
});

it('follows RESOLVE_ALLOWED_SERVICES and AUTHORIZE_ALLOWED_SERVICES', async () => {
  const narrowed = await world.boot(
    { RESOLVE_ALLOWED_SERVICES: 'runtime-b', AUTHORIZE_ALLOWED_SERVICES: 'action-config' },
    0,
  );
  expect((await resolveAs(narrowed, 'dialogs')).body.code).toBe('service_not_allowed');
  expect((await resolveAs(narrowed, 'runtime-b')).body.code).toBe('connection_not_found');
  expect((await authorizeAs(narrowed, 'dialogs')).body.code).toBe('service_not_allowed');
  expect((await authorizeAs(narrowed, 'action-config')).status).toBe(201);
});

it('refuses a service token without exp (401)', async () => {
  const { SignJWT } = await import('jose');
  const forever = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('dialogs')
    .setAudience('actionhub-internal')
    .sign(new TextEncoder().encode(INTERNAL_JWT_SECRET));
  const refused = await call(
    'POST',
    `${service.url}/internal/v1/apps/${appId}/connections/resolve`,
    forever,
    {
      actionKey: 'confluence',
      subject: { type: 'app' },
    },
  );
  expect(refused.status).toBe(401);
});
