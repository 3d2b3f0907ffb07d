import { Subject } from '@actionhub/contracts';
import { ConnectionCredentials } from '@actionhub/providers';
import { CORRELATION_ID_HEADER, Edition, SERVICE_CONFIG, signServiceToken } from '@actionhub/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, SERVICE_NAME } from '../config/dialogs.config';

export type Resolution =
  | { kind: 'resolved'; connectionId: string; credentials: ConnectionCredentials; site: ConnectedSite | null }
  | { kind: 'connection_not_found' }
  | { kind: 'reauthorization_required' };

/** The site a connection acts on, as auth-profiles stored it (the user's pick among several). */
export interface ConnectedSite {
  cloudId: string;
  url: string;
  name: string;
}

/** auth-profiles did not answer as its contract says (down, misconfigured, unexpected status). */
export class AuthProfilesError extends Error {
  override readonly name = 'AuthProfilesError';
}

export interface AuthorizationRequest {
  actionKey: string;
  profileId: string;
  subject: Subject;
  edition: Edition;
}

/** The two /internal routes of auth-profiles a run needs, called with a service token. */
@Injectable()
export class AuthProfilesClient {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  /**
   * The connection's credentials. `forceRefresh` follows a 401 from the provider: the token is bad
   * even if its expiry says otherwise, so auth-profiles should refresh it (single-flight) first.
   */
  async resolve(
    appId: string,
    body: { actionKey: string; subject: Subject },
    options: { forceRefresh?: boolean; correlationId: string },
  ): Promise<Resolution> {
    const path = `/internal/v1/apps/${appId}/connections/resolve`;
    let res = await this.post(
      path,
      options.forceRefresh ? { ...body, forceRefresh: true } : body,
      options.correlationId,
    );
    // An auth-profiles that does not know the hint yet refuses it (strict body): ask plainly.
    if (res.status === 400 && options.forceRefresh) res = await this.post(path, body, options.correlationId);
    if (res.status === 200) {
      const json = (await res.json()) as {
        connectionId?: unknown;
        authorization?: unknown;
        apiBaseUrl?: unknown;
        site?: Partial<Record<keyof ConnectedSite, unknown>>;
      };
      if (typeof json.authorization !== 'string' || typeof json.apiBaseUrl !== 'string') {
        throw new AuthProfilesError('connections/resolve answered 200 without authorization and apiBaseUrl');
      }
      return {
        kind: 'resolved',
        connectionId: String(json.connectionId),
        credentials: { authorization: json.authorization, apiBaseUrl: json.apiBaseUrl },
        site: siteOf(json.site),
      };
    }
    const code = await problemCode(res);
    if (res.status === 404 && code === 'connection_not_found') return { kind: 'connection_not_found' };
    if (res.status === 409 && code === 'reauthorization_required')
      return { kind: 'reauthorization_required' };
    throw new AuthProfilesError(`connections/resolve answered ${res.status} ${code ?? ''}`.trim());
  }

  /** An authorization URL for an end user (user-authorize), from `POST /internal/v1/apps/{appId}/authorizations`. */
  async authorizationUrl(appId: string, body: AuthorizationRequest, correlationId: string): Promise<string> {
    const res = await this.post(`/internal/v1/apps/${appId}/authorizations`, body, correlationId);
    if (res.status !== 201) {
      throw new AuthProfilesError(
        `authorizations answered ${res.status} ${(await problemCode(res)) ?? ''}`.trim(),
      );
    }
    const json = (await res.json()) as { authorizationUrl?: unknown };
    if (typeof json.authorizationUrl !== 'string')
      throw new AuthProfilesError('authorizations answered no authorizationUrl');
    return json.authorizationUrl;
  }

  private async post(path: string, body: unknown, correlationId: string): Promise<Response> {
    const secret = this.config.INTERNAL_JWT_SECRET;
    if (!secret)
      throw new AuthProfilesError('INTERNAL_JWT_SECRET is not set, so auth-profiles cannot be called');
    const token = await signServiceToken(secret, SERVICE_NAME);
    try {
      return await fetch(`${this.config.AUTH_PROFILES_URL.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          [CORRELATION_ID_HEADER]: correlationId,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.AUTH_PROFILES_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AuthProfilesError(`auth-profiles unreachable: ${(error as Error).message}`);
    }
  }
}

async function problemCode(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

function siteOf(site: Partial<Record<keyof ConnectedSite, unknown>> | undefined): ConnectedSite | null {
  if (typeof site?.url !== 'string') return null;
  return {
    cloudId: typeof site.cloudId === 'string' ? site.cloudId : '',
    url: site.url.replace(/\/+$/, ''),
    name: typeof site.name === 'string' ? site.name : site.url,
  };
}
