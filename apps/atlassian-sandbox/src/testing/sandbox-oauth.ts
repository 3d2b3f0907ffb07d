import { RunningSandbox, startSandbox } from '../sandbox-server';

export const CONFLUENCE_SCOPES = [
  'read:space:confluence',
  'read:page:confluence',
  'write:page:confluence',
  'delete:page:confluence',
  'write:comment:confluence',
  'read:label:confluence',
  'write:label:confluence',
  'search:confluence',
];
/** Jira's classic scopes: issues, search, comments and transitions, and who the user is. */
export const JIRA_SCOPES = ['read:jira-work', 'write:jira-work', 'read:jira-user'];

export interface SandboxTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  scope: string;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The real Atlassian sandbox, driven over HTTP only: a client and users registered through its
 * admin API, tokens through the browser leg (/authorize, consent page, Allow) and /oauth/token.
 */
export class SandboxOAuth {
  clientId = '';
  clientSecret = '';

  private constructor(
    readonly sandbox: RunningSandbox,
    readonly redirectUri: string,
  ) {}

  static async start(redirectUri = 'http://127.0.0.1:9/v1/oauth/callback'): Promise<SandboxOAuth> {
    const oauth = new SandboxOAuth(await startSandbox(0), redirectUri);
    const client = await oauth.admin('/admin/clients', { name: 'Actionhub', redirectUris: [redirectUri] });
    oauth.clientId = client.clientId;
    oauth.clientSecret = client.clientSecret;
    return oauth;
  }

  get url(): string {
    return this.sandbox.url;
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async admin(path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  async user(email: string, siteName: string) {
    return (await this.admin('/admin/users', {
      email,
      displayName: email.split('@')[0],
      sites: [{ name: siteName }],
    })) as { accountId: string; apiToken: string; sites: { cloudId: string; name: string; url: string }[] };
  }

  authorizeUrl(scopes: string[], state = 'st-1'): string {
    const query = new URLSearchParams({
      audience: 'api.atlassian.com',
      client_id: this.clientId,
      scope: [...scopes, 'offline_access'].join(' '),
      redirect_uri: this.redirectUri,
      state,
      response_type: 'code',
      prompt: 'consent',
    });
    return `${this.url}/authorize?${query}`;
  }

  /** What a browser does with an authorization URL: log in as `email`, press Allow, follow the redirect. */
  async consent(authorizeUrl: string, email: string): Promise<URL> {
    const url = new URL(authorizeUrl);
    url.searchParams.set('login_hint', email);
    const page = await fetch(url);
    const html = await page.text();
    if (page.status !== 200) throw new Error(`consent page: ${page.status} ${html}`);
    const action = /<form method="post" action="([^"]*)">/.exec(html)?.[1];
    if (!action) throw new Error(`no consent form in:\n${html}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields.set(decode(m[1]), decode(m[2]));
    }
    fields.set('decision', 'allow');
    const res = await fetch(new URL(decode(action), this.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
      redirect: 'manual',
    });
    if (res.status !== 302) throw new Error(`decision: ${res.status} ${await res.text()}`);
    return new URL(res.headers.get('location')!);
  }

  async token(body: Record<string, string>): Promise<SandboxTokens> {
    const res = await fetch(`${this.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: this.clientId, client_secret: this.clientSecret, ...body }),
    });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(json)}`);
    return json as SandboxTokens;
  }

  exchange(code: string): Promise<SandboxTokens> {
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri });
  }

  refresh(refreshToken: string): Promise<SandboxTokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Consent and code exchange in one go. */
  async tokensFor(email: string, scopes = CONFLUENCE_SCOPES): Promise<SandboxTokens> {
    const back = await this.consent(this.authorizeUrl(scopes), email);
    return this.exchange(back.searchParams.get('code')!);
  }

  gatewayBase(cloudId: string): string {
    return `${this.url}/ex/confluence/${cloudId}/wiki/api/v2`;
  }

  siteApiBase(siteName: string): string {
    return `${this.url}/sites/${siteName}/wiki/api/v2`;
  }

  jiraGatewayBase(cloudId: string): string {
    return `${this.url}/ex/jira/${cloudId}/rest/api/3`;
  }

  jiraSiteBase(siteName: string): string {
    return `${this.url}/sites/${siteName}/rest/api/3`;
  }

  counters(): Promise<{ apiCalls: number; refreshTokenGrants: number; faultsServed: number }> {
    return this.admin('/admin/counters');
  }
}
