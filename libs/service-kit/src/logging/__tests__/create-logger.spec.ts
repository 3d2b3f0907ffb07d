import { LogCapture } from '../../__tests__/support/test-app';
import { redactUrl } from '../redaction';
import { createLogger } from '../create-logger';

const SECRETS = {
  authorization: 'Bearer header-token-value',
  cookie: 'session=cookie-value',
  clientSecret: 'client-secret-value',
  accessToken: 'access-token-value',
  refreshToken: 'refresh-token-value',
  password: 'password-value',
  apiToken: 'api-token-value',
  token: 'plain-token-value',
  secret: 'plain-secret-value',
};

function logOnce(entry: object): string {
  const capture = new LogCapture();
  createLogger({ service: 'auth-profiles', destination: capture }).info(entry, 'something happened');
  return capture.text;
}

describe('createLogger', () => {
  it('writes JSON lines tagged with the service', () => {
    const capture = new LogCapture();
    createLogger({ service: 'auth-profiles', destination: capture }).info({ appId: 'app-1' }, 'hello');

    expect(capture.entries()[0]).toMatchObject({
      service: 'auth-profiles',
      appId: 'app-1',
      msg: 'hello',
      level: 30,
    });
  });

  it('never prints request credentials', () => {
    const output = logOnce({
      req: {
        method: 'GET',
        url: '/v1',
        headers: { authorization: SECRETS.authorization, cookie: SECRETS.cookie },
      },
    });

    expect(output).not.toContain('header-token-value');
    expect(output).not.toContain('cookie-value');
    expect(output).toContain('"url":"/v1"');
  });

  it.each([
    ['at the top level', (value: object) => value],
    ['one level down', (value: object) => ({ profile: value })],
    ['two levels down', (value: object) => ({ event: { payload: value } })],
  ])('never prints secret fields %s', (_where, wrap) => {
    const { cookie: _cookie, ...fields } = SECRETS;
    const output = logOnce(wrap({ ...fields, clientId: 'client-id-is-fine' }));

    for (const value of Object.values(fields)) expect(output).not.toContain(value);
    expect(output).toContain('client-id-is-fine');
    expect(output).toContain('[redacted]');
  });

  it('respects the level', () => {
    const capture = new LogCapture();
    const logger = createLogger({ service: 'auth-profiles', level: 'warn', destination: capture });
    logger.info('quiet');
    logger.warn('loud');

    expect(capture.entries().map((entry) => entry.msg)).toEqual(['loud']);
  });
});

describe('redactUrl', () => {
  it('keeps the path and parameter names, never a query value', () => {
    expect(redactUrl('/v1/oauth/callback?code=abc&state=xyz')).toBe(
      '/v1/oauth/callback?code=[redacted]&state=[redacted]',
    );
    expect(redactUrl('/v1/apps/a/connections')).toBe('/v1/apps/a/connections');
  });
});
