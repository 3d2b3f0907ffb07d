import { Inject, Injectable } from '@nestjs/common';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Logger } from 'pino';
import { webcrypto } from 'node:crypto';
import { z } from 'zod';
import { ServiceConfig } from '../config/service-config.schema';
import { ProblemException } from '../errors/problem.exception';
import { SERVICE_CONFIG, SERVICE_LOGGER } from '../service-kit.tokens';
import { loadJose } from './jose';
import { AppPrincipal, EDITIONS, INTERNAL_AUDIENCE, ServicePrincipal } from './principal';

// Pinning algorithms per key type is what stops alg=none and HS/RS confusion attacks.
const SYMMETRIC_ALGORITHMS = ['HS256'];
const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
const CLOCK_TOLERANCE_SECONDS = 5;

// jose error codes that mean "this token is no good", as opposed to "we could not check it".
const TOKEN_ERROR_CODES = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_INVALID',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

const appClaimsSchema = z.object({
  sub: z.string().min(1),
  apps: z.array(z.string()),
  edition: z.enum(EDITIONS),
});

type AuthConfig = Pick<ServiceConfig, 'JWT_SECRET' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'INTERNAL_JWT_SECRET'>;

export function unauthorized(detail: string, tokenWasPresented: boolean): ProblemException {
  // RFC 6750: name the problem only when a token was sent.
  return new ProblemException(401, 'unauthorized', detail, undefined, {
    'WWW-Authenticate': tokenWasPresented ? 'Bearer error="invalid_token"' : 'Bearer',
  });
}

/** Verifies user tokens (HS256 secret or JWKS) and service tokens (HS256, internal audience). */
@Injectable()
export class TokenVerifier {
  private jwks: JWTVerifyGetKey | undefined;
  // Services send the same token on every call until it expires: verifying its HMAC once per
  // minute instead of once per request is a large share of a hot internal route's cost.
  private readonly verifiedServiceTokens = new Map<string, { principal: ServicePrincipal; until: number }>();
  private readonly hmacKeys = new Map<string, Promise<webcrypto.CryptoKey>>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async verifyAppToken(token: string): Promise<AppPrincipal> {
    const payload = await this.verify(async (jose) => {
      const options = { issuer: this.config.JWT_ISSUER, clockTolerance: CLOCK_TOLERANCE_SECONDS };
      if (this.config.JWT_JWKS_URL) {
        this.jwks ??= jose.createRemoteJWKSet(new URL(this.config.JWT_JWKS_URL));
        return jose.jwtVerify(token, this.jwks, { ...options, algorithms: ASYMMETRIC_ALGORITHMS });
      }
      if (!this.config.JWT_SECRET) throw unauthorized('User tokens are not accepted by this service.', true);
      return jose.jwtVerify(token, await this.secretKey(this.config.JWT_SECRET), {
        ...options,
        algorithms: SYMMETRIC_ALGORITHMS,
      });
    });
    assertExpires(payload);
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    if (audiences.includes(INTERNAL_AUDIENCE)) {
      throw unauthorized('A service token is not a user token.', true);
    }
    const claims = appClaimsSchema.safeParse(payload);
    if (!claims.success) throw unauthorized('The bearer token lacks the sub, apps or edition claim.', true);
    return { kind: 'app', ...claims.data };
  }

  async verifyServiceToken(token: string): Promise<ServicePrincipal> {
    const cached = this.verifiedServiceTokens.get(token);
    if (cached && cached.until > Date.now()) return cached.principal;
    const principal = await this.verifyServiceTokenNow(token);
    if (this.verifiedServiceTokens.size >= SERVICE_TOKEN_CACHE_SIZE) this.verifiedServiceTokens.clear();
    const exp = decodeExpiry(token);
    this.verifiedServiceTokens.set(token, {
      principal,
      until: Math.min(Date.now() + SERVICE_TOKEN_CACHE_MS, exp ?? 0),
    });
    return principal;
  }

  private async verifyServiceTokenNow(token: string): Promise<ServicePrincipal> {
    const secret = this.config.INTERNAL_JWT_SECRET;
    // Without a configured secret nothing can be verified: refuse rather than let anyone in.
    if (!secret) throw unauthorized('Service tokens are not accepted by this service.', true);
    const payload = await this.verify(async (jose) =>
      jose.jwtVerify(token, await this.secretKey(secret), {
        audience: INTERNAL_AUDIENCE,
        algorithms: SYMMETRIC_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }),
    );
    assertExpires(payload);
    // The subject names the calling service: the receiving service decides whom it answers.
    if (!payload.sub) throw unauthorized('The service token does not name its service (sub).', true);
    return { kind: 'service', sub: payload.sub };
  }

  /**
   * The HMAC key of a secret, imported once: given the raw secret, jose imports it again (an
   * asynchronous WebCrypto job) on every verification.
   */
  private secretKey(secret: string): Promise<webcrypto.CryptoKey> {
    let key = this.hmacKeys.get(secret);
    if (!key) {
      key = webcrypto.subtle.importKey(
        'raw',
        new TextEncoder().encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify'],
      );
      this.hmacKeys.set(secret, key);
      key.catch(() => this.hmacKeys.delete(secret));
    }
    return key;
  }

  private async verify(
    run: (jose: Awaited<ReturnType<typeof loadJose>>) => Promise<{ payload: JWTPayload }>,
  ): Promise<JWTPayload> {
    const jose = await loadJose();
    try {
      return (await run(jose)).payload;
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && TOKEN_ERROR_CODES.has(code)) {
        throw unauthorized('The bearer token is invalid or has expired.', true);
      }
      // The key set could not be fetched: not the caller's fault, and worth an alert.
      this.logger.error({ err: error }, 'could not verify a bearer token');
      throw new ProblemException(
        503,
        'authentication_unavailable',
        'Tokens cannot be verified right now; retry later.',
      );
    }
  }
}

/** A token without `exp` would be good forever once leaked: refused, whoever signed it. */
function assertExpires(payload: JWTPayload): void {
  if (typeof payload.exp !== 'number') throw unauthorized('The bearer token has no expiry (exp).', true);
}

const SERVICE_TOKEN_CACHE_MS = 60_000;
const SERVICE_TOKEN_CACHE_SIZE = 1_000;

/** The verified token's exp in ms (tokens without exp are not cached). */
function decodeExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
