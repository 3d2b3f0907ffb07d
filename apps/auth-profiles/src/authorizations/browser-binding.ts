import { createHash, randomBytes } from 'node:crypto';

/**
 * The cookie that binds an authorization to the browser that opened its link (RFC 9700 §4.7.1:
 * the provider's answer must come back to the user agent that started the flow). Its value is
 * a list of nonces, newest first, so a user may have a few consents open at once in one
 * browser; the database keeps only each nonce's hash.
 */
export const MAX_BOUND_AUTHORIZATIONS = 5;
const NONCE = /^[A-Za-z0-9_-]{43}$/;

export const hashNonce = (nonce: string) => createHash('sha256').update(nonce).digest('hex');
export const newNonce = () => randomBytes(32).toString('base64url');

export class BrowserBinding {
  /** `__Host-` needs Secure, which a plain-http development base URL cannot have. */
  readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    publicBaseUrl: string,
    private readonly maxAgeSeconds: number,
  ) {
    this.secure = new URL(publicBaseUrl).protocol === 'https:';
    this.cookieName = this.secure ? '__Host-actionhub-auth' : 'actionhub-auth';
  }

  /** The nonces the browser sent (garbage is ignored, as a missing cookie). */
  noncesOf(cookieHeader: string | undefined): string[] {
    for (const part of (cookieHeader ?? '').split(';')) {
      const at = part.indexOf('=');
      if (at < 0 || part.slice(0, at).trim() !== this.cookieName) continue;
      return part
        .slice(at + 1)
        .trim()
        .split('.')
        .filter((n) => NONCE.test(n))
        .slice(0, MAX_BOUND_AUTHORIZATIONS);
    }
    return [];
  }

  /** The sent nonce whose hash is `bindingHash`, if any. */
  matching(nonces: readonly string[], bindingHash: string | null): string | undefined {
    return bindingHash ? nonces.find((n) => hashNonce(n) === bindingHash) : undefined;
  }

  /** Set-Cookie for these nonces; none left clears the cookie. */
  setCookie(nonces: readonly string[]): string {
    const kept = [...new Set(nonces)].slice(0, MAX_BOUND_AUTHORIZATIONS);
    const attributes = [
      `${this.cookieName}=${kept.join('.')}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      `Max-Age=${kept.length > 0 ? this.maxAgeSeconds : 0}`,
    ];
    if (this.secure) attributes.push('Secure');
    return attributes.join('; ');
  }
}
