import { ConsentBrowser } from '@actionhub/atlassian-sandbox';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthProfilesWorld,
  call,
  developerToken,
  RunningAuthProfiles,
} from '../support/auth-profiles-harness';
import { openLink } from '../support/connect';

// RFC 9700 §4.7.1: the authorization link binds the browser that opens it (a cookie whose hash
// the authorization keeps), and only that browser may bring the provider's answer back. A link
// forwarded to, or an answer replayed in, another browser is refused and changes nothing.

const world = new AuthProfilesWorld();
let service: RunningAuthProfiles;
let db: DataSource;
const appId = randomUUID();
let token: string;
const COOKIE = 'actionhub-auth';

beforeAll(async () => {
  await world.start();
  service = await world.boot();
  token = await developerToken([appId]);
  db = await new DataSource({ type: 'postgres', url: world.databaseUrl }).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await world.stop();
});

const start = async (endUserId = `user-${randomUUID()}`) => {
  const started = await call('POST', `${service.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'end-user', endUserId },
  });
  expect(started.status).toBe(201);
  return { ...(started.body as { authorizationId: string; authorizationUrl: string }), endUserId };
};

const statusOf = async (authorizationId: string) =>
  (await call('GET', `${service.url}/v1/apps/${appId}/authorizations/${authorizationId}`, token)).body;

const connectionsOf = async (endUserId: string) =>
  (await call('GET', `${service.url}/v1/apps/${appId}/connections?endUserId=${endUserId}`, token)).body.items;

it('the whole consent flow in the browser that opened the link connects, and the binding is spent', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl, endUserId } = await start();
  const browser = new ConsentBrowser();
  const callback = await browser.consent(authorizationUrl, { email: user.email });
  expect(browser.cookies(service.url).get(COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const landing = await browser.land(callback);
  expect(landing.status).toBe(200);
  expect(landing.html).toContain('Confluence is connected');
  expect(await statusOf(authorizationId)).toMatchObject({ status: 'completed' });
  expect(await connectionsOf(endUserId)).toHaveLength(1);
  // The callback dropped the spent nonce: the cookie is cleared.
  expect(browser.cookies(service.url).has(COOKIE)).toBe(false);
});

it('the provider’s answer opened in a second browser (no cookie) is refused; the first browser still finishes', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl, endUserId } = await start();
  const first = new ConsentBrowser();
  const callback = await first.consent(authorizationUrl, { email: user.email });

  const second = await new ConsentBrowser().land(callback);
  expect(second.status).toBe(400);
  expect(second.html).toContain('data-code="browser_not_bound"');
  expect(second.html).toContain('did not open the authorization link');
  expect(second.location).toBeNull();
  expect(await statusOf(authorizationId)).toMatchObject({ status: 'pending' });
  expect(await connectionsOf(endUserId)).toEqual([]);

  expect((await first.land(callback)).status).toBe(200);
  expect(await connectionsOf(endUserId)).toHaveLength(1);
});

it('a client asking for JSON gets problem+json with the same code', async () => {
  const user = world.user();
  const { authorizationUrl } = await start();
  const callback = await new ConsentBrowser().consent(authorizationUrl, { email: user.email });
  const refused = await new ConsentBrowser().land(callback, { accept: 'application/json' });
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.html)).toMatchObject({ status: 400, code: 'browser_not_bound' });

  const response = await fetch(`${service.url}/v1/oauth/start?link=nope`, {
    headers: { accept: 'application/problem+json' },
  });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await response.json()).toMatchObject({ code: 'authorization_link_invalid' });
});

it('a tampered cookie is refused', async () => {
  const user = world.user();
  const { authorizationId, authorizationUrl } = await start();
  const browser = new ConsentBrowser();
  const callback = await browser.consent(authorizationUrl, { email: user.email });
  const cookies = browser.cookies(service.url);
  const nonce = cookies.get(COOKIE)!;
  cookies.set(COOKIE, `${nonce.slice(0, -1)}${nonce.endsWith('A') ? 'B' : 'A'}`);

  const landing = await browser.land(callback);
  expect(landing.status).toBe(400);
  expect(landing.html).toContain('data-code="browser_not_bound"');
  expect(await statusOf(authorizationId)).toMatchObject({ status: 'pending' });
});

it('the link opened in a second browser is refused; the first browser may open it again', async () => {
  const user = world.user();
  const { authorizationUrl, endUserId } = await start();
  const first = new ConsentBrowser();
  await openLink(first, authorizationUrl);

  const second = await new ConsentBrowser().open(authorizationUrl);
  expect(second.status).toBe(400);
  expect(second.headers.get('set-cookie')).toBeNull();
  expect(await second.text()).toContain('data-code="browser_not_bound"');

  // Opening it again in the first browser starts the consent anew; that one completes.
  expect((await first.land(await first.consent(authorizationUrl, { email: user.email }))).status).toBe(200);
  expect(await connectionsOf(endUserId)).toHaveLength(1);
});

it('one browser may have several consents open at once', async () => {
  const user = world.user();
  const browser = new ConsentBrowser();
  const a = await start();
  const b = await start();
  const callbackA = await browser.consent(a.authorizationUrl, { email: user.email });
  const callbackB = await browser.consent(b.authorizationUrl, { email: user.email });
  expect((await browser.land(callbackA)).status).toBe(200);
  expect((await browser.land(callbackB)).status).toBe(200);
  expect(await connectionsOf(a.endUserId)).toHaveLength(1);
  expect(await connectionsOf(b.endUserId)).toHaveLength(1);
});

it('an unknown, used or expired link is refused with authorization_link_invalid', async () => {
  const user = world.user();
  const unknown = await new ConsentBrowser().open(`${service.url}/v1/oauth/start?link=${'x'.repeat(43)}`);
  expect(unknown.status).toBe(400);
  expect(await unknown.text()).toContain('data-code="authorization_link_invalid"');
  const missing = await new ConsentBrowser().open(`${service.url}/v1/oauth/start`);
  expect(missing.status).toBe(400);

  const used = await start();
  const browser = new ConsentBrowser();
  expect(
    (await browser.land(await browser.consent(used.authorizationUrl, { email: user.email }))).status,
  ).toBe(200);
  const again = await browser.open(used.authorizationUrl);
  expect(again.status).toBe(400);
  const usedPage = await again.text();
  expect(usedPage).toContain('already used');
  expect(usedPage).toContain('data-code="authorization_link_invalid"');

  const late = await start();
  await db.query(
    `UPDATE auth_profiles.authorization SET expires_at = now() - interval '1 second' WHERE id = $1`,
    [late.authorizationId],
  );
  const expired = await new ConsentBrowser().open(late.authorizationUrl);
  expect(expired.status).toBe(400);
  const page = await expired.text();
  expect(page).toContain('expired');
  expect(page).toContain('data-code="authorization_link_invalid"');
});

it('PKCE: the consent page gets an S256 challenge; its verifier is kept encrypted, never as it is', async () => {
  const { authorizationId, authorizationUrl } = await start();
  const provider = new URL(await openLink(new ConsentBrowser(), authorizationUrl));
  const challenge = provider.searchParams.get('code_challenge')!;
  expect(provider.searchParams.get('code_challenge_method')).toBe('S256');
  const [row] = await db.query(
    `SELECT code_verifier_encrypted FROM auth_profiles.authorization WHERE id = $1`,
    [authorizationId],
  );
  const stored: string = row.code_verifier_encrypted;
  expect(stored).toEqual(expect.any(String));
  const sha = (v: string) => createHash('sha256').update(v).digest('base64url');
  // Neither the column nor any part of it is the verifier whose S256 is the challenge.
  for (const part of [stored, ...stored.split(/[:.]/)]) expect(sha(part)).not.toBe(challenge);
});

it('behind https the cookie is __Host-actionhub-auth, Secure, HttpOnly, SameSite=Lax, Path=/', async () => {
  const https = await world.boot({ PUBLIC_BASE_URL: 'https://auth.actionhub.example' }, 0);
  const started = await call('POST', `${https.url}/v1/apps/${appId}/authorizations`, token, {
    actionKey: 'confluence',
    profileId: 'system',
    subject: { type: 'app' },
  });
  const link = new URL(started.body.authorizationUrl);
  expect(link.origin + link.pathname).toBe('https://auth.actionhub.example/v1/oauth/start');
  const opened = await fetch(`${https.url}/v1/oauth/start${link.search}`, { redirect: 'manual' });
  expect(opened.status).toBe(302);
  expect(opened.headers.get('set-cookie')).toMatch(
    /^__Host-actionhub-auth=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/,
  );
});
