import { OutboundError, OutboundHttpClient } from '@actionhub/service-kit';
import { Request } from 'express';
import { IncomingHttpHeaders } from 'node:http';
import OAuth2Strategy from 'passport-oauth2';
import { OAuthProfile, TokenEndpointError, TokenSet } from './oauth-profile';
import { parseRetryAfter } from './token-failure';

/** One call's answer headers once they arrive (for Retry-After). */
interface CallControl {
  headers?: IncomingHttpHeaders;
}

interface OAuth2Internals {
  _request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string,
    token: string | null,
    callback: (...args: unknown[]) => void,
  ): void;
  _customHeaders?: Record<string, string>;
}

interface OAuth2WithToken {
  getOAuthAccessToken(
    code: string,
    params: Record<string, string>,
    callback: (
      err: { statusCode?: number; data?: string } | null,
      accessToken: string,
      refreshToken: string,
      params: Record<string, unknown>,
    ) => void,
  ): void;
}

interface StrategyRun {
  redirect?: (url: string) => void;
  success?: (user: TokenSet) => void;
  fail?: (info: unknown) => void;
  error?: (err: unknown) => void;
}

/**
 * OAuth 2.0 authorization-code flow through passport-oauth2: it builds the authorization URL
 * (with the provider's extra parameters and, optionally, PKCE) and exchanges the code.
 * `state` is ours: generated, hashed and checked against the database before passport runs.
 */
export class PassportOAuth2Client {
  constructor(
    private readonly callbackUrl: string,
    private readonly http: OutboundHttpClient,
  ) {}

  /** The provider's authorization URL, and the PKCE verifier to keep when PKCE is on. */
  authorizationUrl(
    profile: OAuthProfile,
    state: string,
  ): Promise<{ url: string; codeVerifier: string | null }> {
    let codeVerifier: string | null = null;
    const store = {
      store: (
        _req: unknown,
        verifier: string,
        _state: unknown,
        _meta: unknown,
        done: (e: null, s: string) => void,
      ) => {
        codeVerifier = verifier ?? null;
        done(null, state);
      },
      verify: (_req: unknown, _state: string, _meta: unknown, done: (e: null, ok: boolean) => void) =>
        done(null, true),
    };
    return this.run(
      (call) => this.strategy(profile, store, call),
      { query: {} },
      {
        redirect: (url) => ({ url, codeVerifier }),
      },
    ) as Promise<{ url: string; codeVerifier: string | null }>;
  }

  /** Exchanges an authorization code; rejects with TokenEndpointError when the provider refuses. */
  exchangeCode(profile: OAuthProfile, code: string, codeVerifier: string | null): Promise<TokenSet> {
    const store = {
      store: (_req: unknown, _v: unknown, _s: unknown, _m: unknown, done: (e: null, s: string) => void) =>
        done(null, ''),
      // Already verified against the database; a PKCE verifier is handed back as the "ok" value.
      verify: (
        _req: unknown,
        _state: string,
        _meta: unknown,
        done: (e: null, ok: string | boolean) => void,
      ) => done(null, codeVerifier ?? true),
    };
    return this.run(
      (call) => this.strategy(profile, store, call),
      { query: { code, state: 'verified' } },
      {
        success: (tokens) => tokens,
      },
    ) as Promise<TokenSet>;
  }

  /** The refresh grant, through the same client (and client authentication) as the code exchange. */
  refresh(profile: OAuthProfile, refreshToken: string): Promise<TokenSet> {
    return this.withCall((call) => {
      const strategy = this.strategy({ ...profile, tokenUrl: profile.refreshTokenUrl }, {}, call);
      const oauth2 = (strategy as unknown as { _oauth2: OAuth2WithToken })._oauth2;
      return new Promise((resolve, reject) => {
        oauth2.getOAuthAccessToken(
          refreshToken,
          { grant_type: 'refresh_token' },
          (err, access, refresh, params) => {
            if (err) return reject(toTokenError({ oauthError: err }, call));
            // 2xx without a token (an HTML page, say) is no answer to rely on.
            if (!access) return reject(new TokenEndpointError(null, null, 'the answer had no access_token'));
            resolve(toTokenSet(access, refresh, params));
          },
        );
      });
    });
  }

  /** Timeouts, size cap and address checks are the outbound client's: each request is aborted there. */
  private withCall<T>(work: (call: CallControl) => Promise<T>): Promise<T> {
    return work({});
  }

  private strategy(profile: OAuthProfile, store: object, call: CallControl): OAuth2Strategy {
    const strategy = new OAuth2Strategy(
      {
        authorizationURL: profile.authorizationUrl,
        tokenURL: profile.tokenUrl,
        clientID: profile.clientId,
        clientSecret: profile.clientSecret,
        callbackURL: this.callbackUrl,
        scope: profile.scopes,
        scopeSeparator: ' ',
        pkce: profile.pkce,
        state: true,
        store: store as OAuth2Strategy.StateStore,
      },
      (
        accessToken: string,
        refreshToken: string,
        params: Record<string, unknown>,
        _p: unknown,
        done: OAuth2Strategy.VerifyCallback,
      ) => done(null, toTokenSet(accessToken, refreshToken, params) as unknown as Express.User),
    );
    strategy.authorizationParams = () => ({ ...profile.authorizationParams });
    // Keeps passport's InternalOAuthError, which carries the HTTP status (TokenError drops it).
    strategy.parseErrorResponse = () => null;
    routeThrough(strategy, this.http, call);
    if (profile.tokenRequestAuth === 'client_secret_basic') useBasicClientAuth(strategy, profile);
    return strategy;
  }

  private run(
    strategyFor: (call: CallControl) => OAuth2Strategy,
    req: object,
    on: Record<string, (value: never) => unknown>,
  ) {
    return this.withCall(
      (call) =>
        new Promise((resolve, reject) => {
          const strategy = strategyFor(call);
          const run = Object.create(strategy) as OAuth2Strategy & StrategyRun;
          run.redirect = (url) =>
            on.redirect ? resolve(on.redirect(url as never)) : reject(new Error('unexpected redirect'));
          run.success = (tokens) => resolve(on.success?.(tokens as never));
          run.fail = () =>
            reject(new TokenEndpointError(null, 'access_denied', 'the authorization was refused'));
          run.error = (err) => reject(toTokenError(err, call));
          run.authenticate(req as Request, {});
        }),
    );
  }
}

/**
 * node-oauth sends its token requests through the outbound client instead of its own http code,
 * which parses URLs with the legacy url.parse (it reads `https://127.0.0.1'.evil.com/` as
 * 127.0.0.1): the URL that was checked is the URL that is called, at the address that was checked.
 * The callback keeps node-oauth's contract: (null, body, response) for 2xx, ({ statusCode, data })
 * for other statuses, the error for no answer.
 */
function routeThrough(strategy: OAuth2Strategy, http: OutboundHttpClient, call: CallControl): void {
  const oauth2 = (strategy as unknown as { _oauth2: OAuth2Internals })._oauth2;
  oauth2._request = (method, url, headers, body, token, callback) => {
    const target = token ? withAccessToken(url, token) : url;
    http
      .request({
        url: target,
        method,
        headers: { ...oauth2._customHeaders, ...headers, Accept: 'application/json' },
        body: body ?? undefined,
      })
      .then(
        (answer) => {
          call.headers = answer.headers;
          const data = answer.body.toString('utf8');
          if (answer.status >= 200 && answer.status <= 299) callback(null, data, answer);
          else callback({ statusCode: answer.status, data });
        },
        (error: unknown) => callback(error),
      );
  };
}

function withAccessToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.set('access_token', token);
  return u.toString();
}

function toTokenSet(accessToken: string, refreshToken: string, params: Record<string, unknown>): TokenSet {
  const expiresIn = Number(params.expires_in);
  return {
    accessToken,
    refreshToken: refreshToken || null,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : null,
    scopes: typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : null,
  };
}

/** passport-oauth2 wraps the provider's answer in InternalOAuthError/TokenError; keep status and code only. */
function toTokenError(err: unknown, call: CallControl): Error {
  const e = err as { oauthError?: { statusCode?: number; data?: string } };
  const status = e.oauthError?.statusCode ?? null;
  let code: string | null = null;
  let description: string | null = null;
  try {
    const body = JSON.parse(e.oauthError?.data ?? '{}') as { error?: string; error_description?: string };
    code = body.error ?? code;
    description = body.error_description ?? null;
  } catch {
    // not JSON: the status says enough
  }
  if (status === null && code === null) {
    const failure = new TokenEndpointError(null, 'network_error', describeNetwork(err));
    const inner = e.oauthError as unknown;
    if (inner instanceof OutboundError) failure.cause = inner;
    return failure;
  }
  const retryAfter = call.headers?.['retry-after'];
  return new TokenEndpointError(status, code, description, parseRetryAfter(retryAfter));
}

function describeNetwork(err: unknown): string {
  const inner = (err as { oauthError?: { code?: string; message?: string } }).oauthError;
  if (inner instanceof OutboundError) return inner.message;
  return inner?.code ?? inner?.message ?? 'the token endpoint could not be reached';
}

/** The outbound failure under a token error, when the endpoint gave no answer. */
export function outboundFailureOf(error: TokenEndpointError): OutboundError | undefined {
  return error.cause instanceof OutboundError ? error.cause : undefined;
}

/** client_secret_basic: credentials in the Authorization header and not in the body. */
function useBasicClientAuth(strategy: OAuth2Strategy, profile: OAuthProfile): void {
  const oauth2 = (strategy as unknown as { _oauth2: OAuth2Internals })._oauth2;
  const send = oauth2._request.bind(oauth2);
  const basic = Buffer.from(
    `${encodeURIComponent(profile.clientId)}:${encodeURIComponent(profile.clientSecret)}`,
  ).toString('base64');
  oauth2._request = (method, url, headers, body, token, callback) => {
    const form = new URLSearchParams(body ?? '');
    form.delete('client_secret');
    send(method, url, { ...headers, Authorization: `Basic ${basic}` }, form.toString(), token, callback);
  };
}
