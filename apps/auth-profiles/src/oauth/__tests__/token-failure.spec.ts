import { TokenEndpointError } from '../oauth-profile';
import { classifyTokenFailure, parseRetryAfter } from '../token-failure';

const kindOf = (status: number | null, error: string | null) =>
  classifyTokenFailure(new TokenEndpointError(status, error, null)).kind;

describe('classifyTokenFailure', () => {
  it.each([
    [403, 'invalid_grant'], // Atlassian: unknown, expired or idle refresh token
    [403, 'unauthorized_client'], // Atlassian: a rotated-out token reused after the leeway revoked the grant
    [400, 'invalid_grant'],
    [400, 'invalid_request'],
  ])('%s %s is final for the connection', (status, error) => {
    expect(kindOf(status, error)).toBe('grant_rejected');
  });

  it.each([
    [401, 'access_denied'], // Atlassian's answer to a bad client id or secret
    [401, null], // a 401 without an OAuth body still refuses the client
    [400, 'invalid_client'],
  ])('%s %s rejects the profile’s client, not the connection', (status, error) => {
    expect(kindOf(status, error)).toBe('client_rejected');
  });

  it.each([
    [408, null],
    [429, null],
    [500, null],
    [502, null],
    [503, null],
    [403, null], // an HTML page from a proxy or CDN, no OAuth error in it
    [404, null],
    [null, 'network_error'], // refused, reset, timed out
    [null, null], // 200 without an access token
  ])('%s %s is transient', (status, error) => {
    expect(kindOf(status, error)).toBe('transient');
  });

  it('keeps the Retry-After of a transient failure', () => {
    expect(classifyTokenFailure(new TokenEndpointError(429, null, null, 30_000))).toEqual({
      kind: 'transient',
      reason: 'the token endpoint answered 429',
      retryAfterMs: 30_000,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
