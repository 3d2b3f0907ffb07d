import { CONFLUENCE_SCOPES, OAuthFixture, parseForm, REDIRECT_URI } from './support/oauth-fixture';

describe('GET /authorize: the consent page', () => {
  let f: OAuthFixture;
  let oneSite: { email: string; sites: { cloudId: string; name: string; url: string }[] };
  let twoSites: { email: string; sites: { cloudId: string; name: string; url: string }[] };

  beforeAll(async () => {
    f = await OAuthFixture.start();
    oneSite = await f.user('solo@example.com', ['solo-site']);
    twoSites = await f.user('multi@example.com', ['acme', 'acme-eu']);
  });
  afterAll(() => f.close());

  it('shows the app, the site, the scopes and Allow / Deny for a user with one site', async () => {
    const page = await f.page(f.authorizeUrl({ login_hint: oneSite.email }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Actionhub is requesting access');
    expect(page.html).toContain('solo-site');
    expect(page.html).toContain(oneSite.sites[0].url);
    for (const scope of [...CONFLUENCE_SCOPES, 'offline_access'])
      expect(page.html).toContain(`<code>${scope}</code>`);
    const form = parseForm(page.html);
    expect(form.method).toBe('post');
    expect(form.action).toBe('/authorize/decision');
    expect(form.buttons.map((b) => `${b.value}:${b.label}`)).toEqual(['allow:Allow', 'deny:Deny']);
    // The only site is carried as a hidden field; there is nothing to choose.
    expect(form.hidden.site).toBe(oneSite.sites[0].cloudId);
    expect(form.radios.site).toBeUndefined();
    expect(form.hidden).toMatchObject({ client_id: f.clientId, redirect_uri: REDIRECT_URI, state: 'st-123' });
  });

  it('asks a user with two sites to choose one, with nothing pre-selected', async () => {
    const page = await f.page(f.authorizeUrl({ login_hint: twoSites.email }));
    expect(page.status).toBe(200);
    const form = parseForm(page.html);
    expect(form.radios.site).toEqual(twoSites.sites.map((s) => s.cloudId));
    expect(form.hidden.site).toBeUndefined();
    expect(page.html).not.toMatch(/name="site"[^>]*checked/);
    expect(page.html).toContain('acme-eu');
    // Allow without a choice is refused rather than defaulting to the first site.
    const res = await f.submit(page.html, 'allow');
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('without login_hint offers a picker of the registered users and their sites', async () => {
    const page = await f.page(f.authorizeUrl());
    expect(page.status).toBe(200);
    const form = parseForm(page.html);
    expect(form.method).toBe('get');
    expect(form.radios.login_hint).toEqual([oneSite.email, twoSites.email]);
    expect(page.html).toContain('acme, acme-eu');
    // Submitting the picker (a GET with the same hidden fields) leads to that user's consent page.
    const next = await f.page(
      `${f.url}${form.action}?${new URLSearchParams({ ...form.hidden, login_hint: twoSites.email })}`,
    );
    expect(next.html).toContain('multi@example.com');
    expect(parseForm(next.html).radios.site).toHaveLength(2);
  });

  it('Allow redirects to the registered redirect_uri with a code and the state', async () => {
    const page = await f.page(f.authorizeUrl({ login_hint: twoSites.email }));
    const res = await f.submit(page.html, 'allow', twoSites.sites[1].cloudId);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('code')).toMatch(/.{20,}/);
    expect(location.searchParams.get('error')).toBeNull();
  });

  it('Deny redirects with error=access_denied and the state, and no code', async () => {
    const page = await f.page(f.authorizeUrl({ login_hint: oneSite.email }));
    const res = await f.submit(page.html, 'deny');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('error_description')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it.each([
    ['an unknown client_id', { client_id: 'nobody' }, /Unknown client_id/],
    [
      'an unregistered redirect_uri',
      { redirect_uri: 'https://evil.example/cb' },
      /redirect_uri is not registered/,
    ],
    [
      'a redirect_uri that only starts like the registered one',
      { redirect_uri: `${REDIRECT_URI}/x` },
      /redirect_uri/,
    ],
    ['the wrong audience', { audience: 'api.example.com' }, /audience/],
    ['response_type token', { response_type: 'token' }, /response_type/],
  ])('%s gets a 400 error page and no redirect', async (_name, overrides, message) => {
    const page = await f.page(f.authorizeUrl({ login_hint: oneSite.email, ...overrides }));
    expect(page.status).toBe(400);
    expect(page.location).toBeNull();
    expect(page.html).toMatch(message);
    expect(page.html).not.toContain('<form');
  });

  it('re-checks the posted fields: a tampered redirect_uri is refused without a redirect', async () => {
    const page = await f.page(f.authorizeUrl({ login_hint: oneSite.email }));
    const tampered = page.html.replace(
      `name="redirect_uri" value="${REDIRECT_URI}"`,
      'name="redirect_uri" value="https://evil.example/cb"',
    );
    expect(tampered).not.toBe(page.html);
    const res = await f.submit(tampered, 'allow');
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
