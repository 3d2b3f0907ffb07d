import { Request } from 'express';
import OAuth2Strategy from 'passport-oauth2';
import { OAuthProfile, TokenEndpointError, TokenSet } from './oauth-profile';

interface OAuth2Internals {
  _request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: string,
    token: string | null,
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
      this.strategy(profile, store),
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
      this.strategy(profile, store),
      { query: { code, state: 'verified' } },
      {
        success: (tokens) => tokens,
      },
    ) as Promise<TokenSet>;
  }

  /** The refresh grant, through the same client (and client authentication) as the code exchange. */
  refresh(profile: OAuthProfile, refreshToken: string): Promise<TokenSet> {
    const strategy = this.strategy({ ...profile, tokenUrl: profile.refreshTokenUrl }, {});
    const oauth2 = (strategy as unknown as { _oauth2: OAuth2WithToken })._oauth2;
    return this.withTimeout(
      new Promise((resolve, reject) => {
        oauth2.getOAuthAccessToken(
          refreshToken,
          { grant_type: 'refresh_token' },
          (err, access, refresh, params) => {
            if (err) return reject(toTokenError({ oauthError: err }));
            if (!access) return reject(new TokenEndpointError(200, 'invalid_response', 'no access_token'));
            resolve(toTokenSet(access, refresh, params));
          },
        );
      }),
    );
  }

  private withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TokenEndpointError(null, 'network_error', `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private strategy(profile: OAuthProfile, store: object): OAuth2Strategy {
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
    return strategy;
  }

  private run(strategy: OAuth2Strategy, req: object, on: Record<string, (value: never) => unknown>) {
    return this.withTimeout(
      new Promise((resolve, reject) => {
        const run = Object.create(strategy) as OAuth2Strategy & StrategyRun;
        run.redirect = (url) =>
          on.redirect ? resolve(on.redirect(url as never)) : reject(new Error('unexpected redirect'));
        run.success = (tokens) => resolve(on.success?.(tokens as never));
        run.fail = () =>
          reject(new TokenEndpointError(null, 'access_denied', 'the authorization was refused'));
        run.error = (err) => reject(toTokenError(err));
        run.authenticate(req as Request, {});
      }),
    );
  }
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
function toTokenError(err: unknown): Error {
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
  return new TokenEndpointError(status, code, description);
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
