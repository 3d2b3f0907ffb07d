import { RunningSandbox, startSandbox } from '../../../src';
import { openApiValidator } from '../../../src/openapi/openapi-validator';
import { ApiName } from '../../../src/openapi/vendored-documents';

/**
 * A running sandbox with one site, one user and one OAuth client, written straight into state so
 * the product API tests do not depend on the OAuth and admin routes.
 */
export class SiteFixture {
  readonly cloudId = 'c0ffee00-0000-4000-8000-000000000001';
  readonly siteName = 'acme';
  readonly user = {
    accountId: '712020:0a1b2c3d-test-user',
    email: 'dev@acme.test',
    displayName: 'Dev User',
    apiToken: 'ATATT-sandbox-api-token',
    siteIds: [this.cloudId],
  };
  protected constructor(readonly sandbox: RunningSandbox) {}

  protected static async startWith<T extends SiteFixture>(make: (sandbox: RunningSandbox) => T): Promise<T> {
    const fixture = make(await startSandbox(0));
    const { state } = fixture.sandbox;
    state.sites.set(fixture.cloudId, { cloudId: fixture.cloudId, name: fixture.siteName });
    state.users.set(fixture.user.accountId, { ...fixture.user });
    state.clients.set('client-1', {
      clientId: 'client-1',
      clientSecret: 's',
      name: 'Actionhub',
      redirectUris: [],
    });
    return fixture;
  }

  get state() {
    return this.sandbox.state;
  }

  /** An access token of a fresh grant; `expiresInSeconds` may be negative for an expired one. */
  grantToken(
    scopes: string[],
    expiresInSeconds = 3600,
    siteIds = [this.cloudId],
    accountId = this.user.accountId,
  ): string {
    const grantId = this.state.uuid();
    this.state.grants.set(grantId, {
      id: grantId,
      clientId: 'client-1',
      accountId,
      scopes,
      siteIds,
      createdAt: this.state.now(),
      revokedAt: null,
    });
    const token = this.state.opaqueToken('sbx-at-');
    this.state.accessTokens.set(token, {
      token,
      grantId,
      scopes,
      expiresAt: this.state.now() + expiresInSeconds * 1000,
      revokedAt: null,
    });
    return token;
  }

  bearer(token: string): Record<string, string> {
    return {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
  }

  basic(apiToken = this.user.apiToken, email = this.user.email): Record<string, string> {
    const credentials = Buffer.from(`${email}:${apiToken}`).toString('base64');
    return { authorization: `Basic ${credentials}`, 'content-type': 'application/json' };
  }

  get siteBase(): string {
    return `${this.sandbox.url}/sites/${this.siteName}`;
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** GET without a body, POST with one, unless `method` says otherwise. */
export async function call(
  url: string,
  headers: Record<string, string>,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<JsonResponse> {
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Checks an answer against Atlassian's document with the validator the sandbox itself uses. */
export function expectDocumented(api: ApiName, method: string, template: string, res: JsonResponse): void {
  expect(openApiValidator(api).validateResponse(method, template, res.status, res.body)).toEqual([]);
}
