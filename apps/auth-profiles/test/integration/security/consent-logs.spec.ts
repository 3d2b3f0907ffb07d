import { ConsentBrowser } from '@actionhub/atlassian-sandbox';
import { randomUUID } from 'node:crypto';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
  SYSTEM_CLIENT,
} from '../support/auth-profiles-harness';
import { resolve } from '../support/connect';

// The log of a whole consent flow (start, the link's page, the sandbox's consent, the callback, a
// resolve), at debug level: the link's key, the browser's nonce, the callback's code and state,
// the tokens and the client secret never appear.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
const appId = randomUUID();

beforeAll(async () => {
  await world.start();
  service = await world.boot();
});

afterAll(() => world.stop());

it('holds no code, state, token or secret', async () => {
  const token = await developerToken([appId]);
  const user = world.user();
  const subject = { type: 'end-user' as const, endUserId: `logged-${randomUUID()}` };
  const started = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject,
  });
  expect(started.status).toBe(201);
  const browser = new ConsentBrowser();
  const callback = new URL(await browser.consent(started.body.authorizationUrl, { email: user.email }));
  const link = new URL(started.body.authorizationUrl).searchParams.get('link')!;
  const nonce = browser.cookies(service.url).get('actionhub-auth')!;
  expect(nonce.length).toBeGreaterThan(8);
  const code = callback.searchParams.get('code')!;
  const state = callback.searchParams.get('state')!;
  expect(code.length).toBeGreaterThan(8);
  expect(state.length).toBeGreaterThan(8);
  expect((await browser.land(callback.toString())).status).toBe(200);
  const resolved = await resolve(service, appId, subject);
  expect(resolved.status).toBe(200);
  const accessToken = String(resolved.body.authorization).replace(/^Bearer /, '');

  const logs = service.logs.join('\n');
  expect(logs).toContain('/v1/oauth/callback?');
  expect(logs).toContain('/v1/oauth/start?');
  for (const value of [link, nonce, code, state, accessToken, SYSTEM_CLIENT.clientSecret]) {
    expect(logs).not.toContain(value);
    expect(logs).not.toContain(encodeURIComponent(value));
  }
});
