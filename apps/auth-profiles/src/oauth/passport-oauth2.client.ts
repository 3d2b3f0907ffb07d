import { Request } from 'express';
import { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import OAuth2Strategy from 'passport-oauth2';
import { OAuthProfile, TokenEndpointError, TokenSet } from './oauth-profile';
import { parseRetryAfter } from './token-failure';

type HttpLibrary = { request(options: RequestOptions): ClientRequest };

/** One call's abort signal, and the answer's headers once they arrive (for Retry-After). */
interface CallControl {
  signal: AbortSignal;
  response?: IncomingMessage;
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
  _executeRequest(
    library: HttpLibrary,
    options: RequestOptions,
    body: string,
    callback: (...args: unknown[]) => void,
  ): void;
  setAgent?(agent: unknown): void;
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
    private readonly timeoutMs: number,
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
    return this.withTimeout((call) => {
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

  /**
   * Runs one call with an abort signal that fires at the timeout: the socket is destroyed, so a
   * stalled or endless answer costs no more than the timeout (racing the promise alone would leave
   * the request running).
   */
  private withTimeout<T>(work: (call: CallControl) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const call: CallControl = { signal: controller.signal };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new TokenEndpointError(null, 'network_error', `no answer within ${this.timeoutMs} ms`));
        controller.abort();
      }, this.timeoutMs);
    });
    return Promise.race([work(call), timeout]).finally(() => clearTimeout(timer));
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
    if (profile.tokenRequestAuth === 'client_secret_basic') useBasicClientAuth(strategy, profile);
    controlRequests(strategy, call);
    return strategy;
  }

  private run(
    strategyFor: (call: CallControl) => OAuth2Strategy,
    req: object,
    on: Record<string, (value: never) => unknown>,
  ) {
    return this.withTimeout(
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

/** node-oauth's requests for this strategy get the call's abort signal and report their answer. */
function controlRequests(strategy: OAuth2Strategy, call: CallControl): void {
  const oauth2 = (strategy as unknown as { _oauth2: OAuth2Internals })._oauth2;
  const execute = oauth2._executeRequest.bind(oauth2);
  oauth2._executeRequest = (library, options, body, callback) => {
    const controlled: HttpLibrary = {
      request: (opts) => {
        const request = library.request({ ...opts, signal: call.signal });
        request.on('response', (response: IncomingMessage) => {
          call.response = response;
          // An abort after the headers makes the response emit the error; it is already handled.
          response.on('error', () => undefined);
        });
        return request;
      },
    };
    execute(controlled, options, body, callback);
  };
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
  if (status === null && code === null)
    return new TokenEndpointError(null, 'network_error', describeNetwork(err));
  const retryAfter = call.response?.headers['retry-after'];
  return new TokenEndpointError(status, code, description, parseRetryAfter(retryAfter));
}

function describeNetwork(err: unknown): string {
  const inner = (err as { oauthError?: { code?: string; message?: string } }).oauthError;
  return inner?.code ?? inner?.message ?? 'the token endpoint could not be reached';
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
