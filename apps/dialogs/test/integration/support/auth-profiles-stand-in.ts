import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { CONFLUENCE_SCOPES, JIRA_SCOPES, SandboxOAuth, SandboxTokens } from '@actionhub/atlassian-sandbox';

type Subject = { type: 'app' } | { type: 'end-user'; endUserId: string };

interface StoredConnection {
  connectionId: string;
  actionKey: string;
  cloudId: string;
  site: { cloudId: string; url: string; name: string };
  tokens: SandboxTokens;
  reauthorizationRequired?: boolean;
}

export interface RecordedCall {
  route: 'resolve' | 'authorizations';
  appId: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

const subjectKey = (s: Subject) => (s.type === 'app' ? 'app' : `end-user:${s.endUserId}`);

/** The scopes each action's consent asks for, as its System profile would. */
const SCOPES: Record<string, string[]> = { confluence: CONFLUENCE_SCOPES, jira: JIRA_SCOPES };

/**
 * Stands in for auth-profiles' two internal routes (and its OAuth callback) until the real service
 * is wired into the end-to-end test. Tokens are real: obtained from the Atlassian sandbox through
 * its consent page and token endpoint, refreshed there when dialogs asks with `forceRefresh`.
 */
export class AuthProfilesStandIn {
  readonly calls: RecordedCall[] = [];
  private readonly connections = new Map<string, StoredConnection>();
  private readonly pending = new Map<string, { appId: string; actionKey: string; subject: Subject }>();
  private server: Server | null = null;
  url = '';
  oauth!: SandboxOAuth;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.oauth = await SandboxOAuth.start(`${this.url}/v1/oauth/callback`);
    return this;
  }

  /**
   * The settings that point dialogs at this stand-in and at the sandbox, whose loopback address
   * the outbound client refuses unless it is allowed.
   */
  dialogsEnv(topicPrefix: string): Record<string, string> {
    return {
      KAFKA_TOPIC_PREFIX: topicPrefix,
      AUTH_PROFILES_URL: this.url,
      OUTBOUND_ALLOWLIST: new URL(this.oauth.gatewayBase('any')).host,
    };
  }

  async stop(): Promise<void> {
    await this.oauth?.close();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** A pre-authorized app connection: the developer consents once, as `email`, with these scopes. */
  async connectApp(
    appId: string,
    email: string,
    scopes?: string[],
    actionKey = 'confluence',
  ): Promise<StoredConnection> {
    const tokens = await this.oauth.tokensFor(email, scopes ?? SCOPES[actionKey]);
    return this.store(appId, actionKey, { type: 'app' }, tokens);
  }

  connection(appId: string, subject: Subject, actionKey = 'confluence'): StoredConnection | undefined {
    return this.connections.get(`${appId}:${actionKey}:${subjectKey(subject)}`);
  }

  callsFor(appId: string, route: RecordedCall['route'] = 'resolve'): RecordedCall[] {
    return this.calls.filter((c) => c.appId === appId && c.route === route);
  }

  private async store(appId: string, actionKey: string, subject: Subject, tokens: SandboxTokens) {
    const [site] = await this.accessibleResources(tokens.access_token);
    const connection = {
      connectionId: randomUUID(),
      actionKey,
      cloudId: site.id,
      site: { cloudId: site.id, url: site.url, name: site.name },
      tokens,
    };
    this.connections.set(`${appId}:${actionKey}:${subjectKey(subject)}`, connection);
    return connection;
  }

  private async accessibleResources(
    accessToken: string,
  ): Promise<{ id: string; url: string; name: string }[]> {
    const res = await fetch(`${this.oauth.url}/oauth/token/accessible-resources`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return (await res.json()) as { id: string; url: string; name: string }[];
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'GET' && url.pathname === '/v1/oauth/callback')
        return await this.callback(url, send);
      const match = /^\/internal\/v1\/apps\/([^/]+)\/(connections\/resolve|authorizations)$/.exec(
        url.pathname,
      );
      if (req.method !== 'POST' || !match) return send(404, { status: 404, code: 'not_found' });
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      const appId = match[1];
      const route = match[2] === 'authorizations' ? 'authorizations' : 'resolve';
      this.calls.push({ route, appId, body, authorization: req.headers.authorization });
      if (!isServiceToken(req.headers.authorization)) return send(401, { status: 401, code: 'unauthorized' });
      if (route === 'resolve') return await this.resolve(appId, body, send);
      return this.authorize(appId, body, send);
    } catch (error) {
      send(500, { status: 500, code: 'stand_in_error', detail: (error as Error).message });
    }
  }

  private async resolve(appId: string, body: Record<string, unknown>, send: (s: number, b: unknown) => void) {
    const key = `${appId}:${String(body.actionKey)}:${subjectKey(body.subject as Subject)}`;
    const connection = this.connections.get(key);
    if (!connection) return send(404, { status: 404, code: 'connection_not_found' });
    if (connection.reauthorizationRequired)
      return send(409, { status: 409, code: 'reauthorization_required' });
    if (body.forceRefresh === true)
      connection.tokens = await this.oauth.refresh(connection.tokens.refresh_token!);
    send(200, {
      connectionId: connection.connectionId,
      authorization: `Bearer ${connection.tokens.access_token}`,
      apiBaseUrl:
        connection.actionKey === 'jira'
          ? this.oauth.jiraGatewayBase(connection.cloudId)
          : this.oauth.gatewayBase(connection.cloudId),
      site: connection.site,
      expiresAt: new Date(Date.now() + connection.tokens.expires_in * 1000).toISOString(),
    });
  }

  private authorize(appId: string, body: Record<string, unknown>, send: (s: number, b: unknown) => void) {
    const state = randomUUID();
    this.pending.set(state, { appId, actionKey: String(body.actionKey), subject: body.subject as Subject });
    send(201, {
      authorizationId: randomUUID(),
      status: 'pending',
      authorizationUrl: this.oauth.authorizeUrl(SCOPES[String(body.actionKey)] ?? CONFLUENCE_SCOPES, state),
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    });
  }

  private async callback(url: URL, send: (s: number, b: unknown) => void) {
    const state = url.searchParams.get('state') ?? '';
    const pending = this.pending.get(state);
    if (!pending || !url.searchParams.get('code')) return send(400, { status: 400, code: 'invalid_state' });
    this.pending.delete(state);
    const tokens = await this.oauth.exchange(url.searchParams.get('code')!);
    await this.store(pending.appId, pending.actionKey, pending.subject, tokens);
    send(200, { status: 'completed' });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** A service token's audience, read without checking the signature (the real service checks it). */
function isServiceToken(header: string | undefined): boolean {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown };
  return claims.aud === 'actionhub-internal';
}
