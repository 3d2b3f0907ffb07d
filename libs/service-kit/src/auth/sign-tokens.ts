import { Edition, INTERNAL_AUDIENCE } from './principal';
import { loadJose } from './jose';

export interface DevTokenClaims {
  sub: string;
  apps: string[];
  edition: Edition;
  /** A jose time span ('1h', '30d') or seconds since the epoch. Defaults to '12h'. */
  expiresIn?: string | number;
  issuer?: string;
}

/** An HS256 user token, as the platform's identity provider would issue. For development and tests. */
export async function signDevToken(claims: DevTokenClaims, secret: string): Promise<string> {
  const { SignJWT } = await loadJose();
  const token = new SignJWT({ apps: claims.apps, edition: claims.edition })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h');
  if (claims.issuer) token.setIssuer(claims.issuer);
  return token.sign(new TextEncoder().encode(secret));
}

/** A short-lived service token for calling another service's /internal routes. */
export async function signServiceToken(
  secret: string,
  subject: string,
  options: { expiresIn?: string | number } = {},
): Promise<string> {
  const { SignJWT } = await loadJose();
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(secret));
}
