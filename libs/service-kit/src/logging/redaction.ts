const SECRET_KEYS = [
  'authorization',
  'password',
  'secret',
  'token',
  'clientSecret',
  'client_secret',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiToken',
  'api_token',
  'apiKey',
  'privateKey',
];

// pino's redaction (fast-redact) matches exact paths; a wildcard stands for exactly one
// level, so each depth needs its own prefix. Three depths cover `{ token }`,
// `{ profile: { clientSecret } }` and `{ req: { body: { password } } }`.
const DEPTH_PREFIXES = ['', '*.', '*.*.'];

export const REDACTED = '[redacted]';

export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...DEPTH_PREFIXES.flatMap((prefix) => SECRET_KEYS.map((key) => `${prefix}${key}`)),
];

/** A request URL with every query value replaced: `/v1/oauth/callback?code=[redacted]&state=[redacted]`. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=${REDACTED}`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}
