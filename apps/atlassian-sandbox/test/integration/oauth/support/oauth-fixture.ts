import { RunningSandbox, startSandbox } from '../../../../src';

export const REDIRECT_URI = 'http://127.0.0.1:9/v1/oauth/callback';
export const CONFLUENCE_SCOPES = ['read:space:confluence', 'read:page:confluence', 'write:page:confluence'];

export interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface SandboxUserInfo {
  accountId: string;
  email: string;
  sites: { cloudId: string; name: string; url: string }[];
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The consent page's form as a browser sees it: action, hidden fields, site choices, buttons. */
export interface ParsedForm {
  method: string;
  action: string;
  hidden: Record<string, string>;
  radios: Record<string, string[]>;
  buttons: { name: string; value: string; label: string }[];
}

export function parseForm(html: string): ParsedForm {
  const form = /<form method="(\w+)" action="([^"]*)">/.exec(html);
  if (!form) throw new Error(`no form in page:\n${html}`);
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[decode(m[1])] = decode(m[2]);
  }
  const radios: Record<string, string[]> = {};
  for (const m of html.matchAll(/<input type="radio" name="([^"]+)" value="([^"]*)"/g)) {
    (radios[m[1]] ??= []).push(decode(m[2]));
  }
  const buttons = [
    ...html.matchAll(/<button type="submit" name="([^"]+)" value="([^"]+)"[^>]*>([^<]*)</g),
  ].map((m) => ({ name: m[1], value: m[2], label: m[3] }));
  return { method: form[1], action: decode(form[2]), hidden, radios, buttons };
}

/** A sandbox with one registered client; everything is set up through the admin API over HTTP. */
export class OAuthFixture {
  clientId = '';
  clientSecret = '';
  private constructor(readonly sandbox: RunningSandbox) {}

  static async start(): Promise<OAuthFixture> {
    const fixture = new OAuthFixture(await startSandbox(0));
    const client = await fixture.admin('/admin/clients', {
      name: 'Actionhub',
      redirectUris: [REDIRECT_URI],
    });
    expect(client.status).toBe(201);
    fixture.clientId = client.body.clientId;
    fixture.clientSecret = client.body.clientSecret;
    return fixture;
  }

  get url(): string {
    return this.sandbox.url;
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }

  async admin(path: string, body?: unknown): Promise<Answer> {
    return call(`${this.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async user(email: string, siteNames: string[]): Promise<SandboxUserInfo> {
    const res = await this.admin('/admin/users', {
      email,
      displayName: email.split('@')[0],
      sites: siteNames.map((name) => ({ name })),
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  authorizeUrl(overrides: Record<string, string | undefined> = {}): string {
    const params = {
      audience: 'api.atlassian.com',
      client_id: this.clientId,
      scope: [...CONFLUENCE_SCOPES, 'offline_access'].join(' '),
      redirect_uri: REDIRECT_URI,
      state: 'st-123',
      response_type: 'code',
      prompt: 'consent',
      ...overrides,
    };
    const query = new URLSearchParams(
      Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
    );
    return `${this.url}/authorize?${query}`;
  }

  async page(url: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await fetch(url, { redirect: 'manual' });
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  /** Presses a button of the consent page the way a browser would post its form. */
  async submit(html: string, decision: 'allow' | 'deny', site?: string): Promise<Response> {
    const form = parseForm(html);
    const button = form.buttons.find((b) => b.value === decision);
    if (!button) throw new Error(`no ${decision} button`);
    const fields = new URLSearchParams(form.hidden);
    if (site !== undefined) fields.set('site', site);
    fields.set(button.name, button.value);
    return fetch(new URL(form.action, this.url), {
      method: form.method.toUpperCase(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      redirect: 'manual',
    });
  }

  /** The whole browser leg: consent page, Allow, and the code from the redirect. */
  async authorize(
    email: string,
    scopes: string[],
    site?: string,
    redirectUri = REDIRECT_URI,
  ): Promise<string> {
    const page = await this.page(
      this.authorizeUrl({ login_hint: email, scope: scopes.join(' '), redirect_uri: redirectUri }),
    );
    expect(page.status).toBe(200);
    const res = await this.submit(page.html, 'allow', site);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('state')).toBe('st-123');
    return location.searchParams.get('code') as string;
  }

  token(body: Record<string, string>, as: 'json' | 'form' = 'json', headers: Record<string, string> = {}) {
    const form = as === 'form';
    return call(`${this.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        ...headers,
      },
      body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    });
  }

  exchange(code: string, redirectUri = REDIRECT_URI) {
    return this.token({
      grant_type: 'authorization_code',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      code,
      redirect_uri: redirectUri,
    });
  }

  refresh(refreshToken: string) {
    return this.token({
      grant_type: 'refresh_token',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: refreshToken,
    });
  }

  /** Consent + code exchange; answers the token response body. */
  async tokens(email: string, scopes: string[], site?: string) {
    const res = await this.exchange(await this.authorize(email, scopes, site));
    expect(res.status).toBe(200);
    return res.body as { access_token: string; refresh_token?: string; scope: string; expires_in: number };
  }

  resources(accessToken: string) {
    return call(`${this.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
  }

  advanceClock(seconds: number) {
    return this.admin('/admin/clock/advance', { seconds });
  }
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, headers: res.headers, body };
}
