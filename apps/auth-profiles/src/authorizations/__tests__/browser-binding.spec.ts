import { BrowserBinding, hashNonce, newNonce } from '../browser-binding';

describe('BrowserBinding', () => {
  const http = new BrowserBinding('http://127.0.0.1:3001', 600);
  const https = new BrowserBinding('https://auth.example.com', 600);
  const [a, b] = [newNonce(), newNonce()];

  it('names the cookie __Host- only where it can be Secure', () => {
    expect(http.cookieName).toBe('actionhub-auth');
    expect(https.cookieName).toBe('__Host-actionhub-auth');
    expect(https.setCookie([a])).toBe(
      `__Host-actionhub-auth=${a}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600; Secure`,
    );
  });

  it('reads its own cookie among others and ignores what is not a nonce', () => {
    expect(http.noncesOf(`other=x; actionhub-auth=${a}.junk.${b}; z=1`)).toEqual([a, b]);
    expect(http.noncesOf(`__Host-actionhub-auth=${a}`)).toEqual([]);
    expect(http.noncesOf(undefined)).toEqual([]);
    expect(http.noncesOf('actionhub-auth=<script>')).toEqual([]);
  });

  it('finds the nonce bound to an authorization by its hash only', () => {
    expect(http.matching([a, b], hashNonce(b))).toBe(b);
    expect(http.matching([a], hashNonce(b))).toBeUndefined();
    expect(http.matching([a], null)).toBeUndefined();
  });

  it('keeps at most five nonces, newest first, without duplicates; none clears the cookie', () => {
    const many = Array.from({ length: 7 }, () => newNonce());
    expect(http.setCookie([many[0], many[0], ...many.slice(1)])).toContain(
      `actionhub-auth=${many.slice(0, 5).join('.')};`,
    );
    expect(http.setCookie([])).toBe('actionhub-auth=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });
});
