import { confluenceAction } from '@actionhub/providers';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ZodTypeAny } from 'zod';
import { parse } from 'yaml';
import { configSchema as actionConfig } from '../../apps/action-config/src/config/action-config.config';
import { configSchema as authProfiles } from '../../apps/auth-profiles/src/config/auth-profiles.config';
import { ProviderEndpoints } from '../../apps/auth-profiles/src/oauth/provider-endpoints';
import { configSchema as dialogs } from '../../apps/dialogs/src/config/dialogs.config';
import { configSchema as templateInstaller } from '../../apps/template-installer/src/config/template-installer.config';

// No Docker engine runs in CI, so the compose file and the Dockerfiles are checked by reading them.
const root = join(__dirname, '..', '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const compose = parse(composeText, { merge: true });

const services: Record<string, number> = {
  'auth-profiles': 3001,
  'action-config': 3002,
  'template-installer': 3003,
  dialogs: 3004,
};
const schemas: Record<string, ZodTypeAny> = {
  'auth-profiles': authProfiles,
  'action-config': actionConfig,
  'template-installer': templateInstaller,
  dialogs,
};
const secretNames = ['ENCRYPTION_KEYS', 'JWT_SECRET', 'INTERNAL_JWT_SECRET'];

/** .env.example as compose reads it: KEY=value lines; comments and blank lines skipped. */
const envExampleText = readFileSync(join(root, '.env.example'), 'utf8');
const envExample: Record<string, string> = Object.fromEntries(
  envExampleText
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at).trim(), line.slice(at + 1)];
    }),
);

/** What a service's container gets: the env files in order, then `environment`, which wins. */
function containerEnv(name: string): Record<string, string> {
  const service = compose.services[name];
  const env: Record<string, string> = {};
  for (const file of service.env_file ?? []) {
    if (file.path === '.env.example') Object.assign(env, envExample);
  }
  for (const [key, value] of Object.entries(service.environment ?? {})) env[key] = String(value);
  return env;
}

describe('docker-compose.yml', () => {
  it('runs the official Kafka (KRaft, 4.x) and PostgreSQL images with health checks', () => {
    expect(compose.services.kafka.image).toMatch(/^apache\/kafka:4\./);
    expect(compose.services.kafka.environment.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+/);
    for (const infra of ['kafka', 'postgres']) expect(compose.services[infra].healthcheck.test).toBeDefined();
  });

  it.each(Object.entries(services))(
    'runs %s on port %d after Kafka and PostgreSQL are healthy',
    (name, port) => {
      const service = compose.services[name];
      expect(service).toBeDefined();
      expect(service.build.dockerfile).toBe(`apps/${name}/Dockerfile`);
      expect(existsSync(join(root, service.build.dockerfile))).toBe(true);
      expect(Number(service.environment.PORT)).toBe(port);
      expect(service.ports).toContain(`${port}:${port}`);
      expect(service.environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(service.environment.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(service.depends_on.kafka.condition).toBe('service_healthy');
      expect(service.depends_on.postgres.condition).toBe('service_healthy');
      expect(service.healthcheck.test.join(' ')).toContain(`:${port}/health/ready`);
      expect(service.command.join(' ')).toContain(`apps/${name}/dist/migrate.js`);
    },
  );

  it.each(Object.keys(services))(
    '%s reads .env.example, then an optional .env, and accepts the result',
    (name) => {
      expect(compose.services[name].env_file).toEqual([
        { path: '.env.example' },
        { path: '.env', required: false },
      ]);
      const parsed = schemas[name].safeParse(containerEnv(name));
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('runs the Atlassian sandbox on port 4000, listening beyond its container, with a health check', () => {
    const sandbox = compose.services['atlassian-sandbox'];
    expect(sandbox.build).toEqual({ context: '.', dockerfile: 'apps/atlassian-sandbox/Dockerfile' });
    expect(existsSync(join(root, sandbox.build.dockerfile))).toBe(true);
    expect(sandbox.ports).toContain('4000:4000');
    expect(String(sandbox.environment.SANDBOX_PORT)).toBe('4000');
    expect(sandbox.environment.SANDBOX_HOST).toBe('0.0.0.0');
    // Site URLs are followed by auth-profiles, in another container: the service name, not localhost.
    expect(new URL(sandbox.environment.SANDBOX_PUBLIC_URL).host).toBe('atlassian-sandbox:4000');
    expect(sandbox.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4000/admin/counters');
  });

  it('seeds the sandbox with the client auth-profiles uses, as npm start does', () => {
    const sandbox = compose.services['atlassian-sandbox'].environment;
    const auth = compose.services['auth-profiles'].environment;
    expect(sandbox.SANDBOX_CLIENT_ID).toBe('sandbox-dev-client');
    expect(sandbox.SANDBOX_CLIENT_SECRET).toBe('sandbox-dev-secret');
    expect(auth.CONFLUENCE_SYSTEM_CLIENT_ID).toBe(sandbox.SANDBOX_CLIENT_ID);
    expect(auth.CONFLUENCE_SYSTEM_CLIENT_SECRET).toBe(sandbox.SANDBOX_CLIENT_SECRET);
    // Jira's System client is another sandbox client than Confluence's.
    expect(auth.JIRA_SYSTEM_CLIENT_ID).toBe(sandbox.SANDBOX_JIRA_CLIENT_ID);
    expect(auth.JIRA_SYSTEM_CLIENT_SECRET).toBe(sandbox.SANDBOX_JIRA_CLIENT_SECRET);
    expect(auth.JIRA_SYSTEM_CLIENT_ID).not.toBe(auth.CONFLUENCE_SYSTEM_CLIENT_ID);
    const callback = new URL('/v1/oauth/callback', auth.PUBLIC_BASE_URL).toString();
    expect(callback).toBe('http://localhost:3001/v1/oauth/callback');
    expect(sandbox.SANDBOX_REDIRECT_URIS.split(',')).toContain(callback);
  });

  it('starts auth-profiles once the sandbox is healthy, pointed at it as if it were Atlassian', () => {
    const service = compose.services['auth-profiles'];
    expect(service.depends_on['atlassian-sandbox'].condition).toBe('service_healthy');
    const config = authProfiles.parse(containerEnv('auth-profiles'));
    const endpoints = new ProviderEndpoints(
      config.PROVIDER_ORIGIN_OVERRIDES,
      config.PROVIDER_BROWSER_ORIGIN_OVERRIDES,
    );
    const { oauth2 } = confluenceAction;
    // The browser, on the host, opens the consent page through the published port...
    expect(endpoints.browserUrl(oauth2.authorizationUrl)).toBe('http://localhost:4000/authorize');
    // ...while auth-profiles calls the sandbox on the compose network.
    expect(endpoints.url(oauth2.tokenUrl)).toBe('http://atlassian-sandbox:4000/oauth/token');
    expect(endpoints.accessibleResourcesUrl(confluenceAction)).toBe(
      'http://atlassian-sandbox:4000/oauth/token/accessible-resources',
    );
    expect(endpoints.oauthApiBaseUrl(confluenceAction, 'c1')).toMatch(
      /^http:\/\/atlassian-sandbox:4000\/ex\/confluence\/c1\//,
    );
    // The sandbox's private address is allowed (custom profiles, Basic sites).
    expect(config.OUTBOUND_ALLOWLIST).toContain('atlassian-sandbox:4000');
  });

  it('holds no literal secret: they come from .env.example', () => {
    for (const secret of secretNames) {
      expect(composeText).not.toContain(envExample[secret]);
      // Not interpolated either: compose would take it from the shell or a .env, not .env.example.
      expect(composeText).not.toMatch(new RegExp(`\\$\\{?${secret}\\b`));
    }
    // The secret-named values left are the sandbox's own client secrets, fixtures it is seeded with.
    const secretLike = Object.entries<{ environment?: Record<string, unknown> }>(compose.services).flatMap(
      ([name, service]) =>
        Object.keys(service.environment ?? {})
          .filter((key) => /SECRET|KEYS?$|TOKEN/.test(key))
          .map((key) => `${name}.${key}`),
    );
    expect(secretLike.sort()).toEqual([
      'atlassian-sandbox.SANDBOX_CLIENT_SECRET',
      'atlassian-sandbox.SANDBOX_JIRA_CLIENT_SECRET',
      'auth-profiles.CONFLUENCE_SYSTEM_CLIENT_SECRET',
      'auth-profiles.JIRA_SYSTEM_CLIENT_SECRET',
    ]);
  });
});

describe('.env.example', () => {
  it('is committed, not ignored, while .env is ignored', () => {
    const patterns = readFileSync(join(root, '.gitignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    /** Whether .gitignore's last matching pattern ignores a file at the root (globs: *, **, ?, !). */
    const ignored = (file: string) =>
      patterns.reduce((result, pattern) => {
        const negated = pattern.startsWith('!');
        const glob = pattern.replace(/^!/, '').replace(/^\//, '').replace(/\/$/, '');
        const source = glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '\0')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/\0/g, '.*');
        return new RegExp(`^(.*/)?${source}$`).test(file) ? !negated : result;
      }, false);
    expect(ignored('.env.example')).toBe(false);
    expect(ignored('.env')).toBe(true);
  });

  it('says its values are for development only', () => {
    expect(envExampleText).toMatch(/^#.*development only/im);
  });

  it('defines ENCRYPTION_KEYS as keyId:base64 of 32 bytes', () => {
    const [keyId, key, ...rest] = envExample.ENCRYPTION_KEYS.split(':');
    expect(keyId).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(rest).toEqual([]);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it('defines JWT_SECRET and INTERNAL_JWT_SECRET, at least 32 bytes and different', () => {
    expect(Buffer.byteLength(envExample.JWT_SECRET, 'utf8')).toBeGreaterThanOrEqual(32);
    expect(Buffer.byteLength(envExample.INTERNAL_JWT_SECRET, 'utf8')).toBeGreaterThanOrEqual(32);
    expect(envExample.JWT_SECRET).not.toBe(envExample.INTERNAL_JWT_SECRET);
  });

  it('has values compose reads literally (no quotes, spaces or $ interpolation)', () => {
    for (const secret of secretNames) expect(envExample[secret]).toMatch(/^[^\s'"$]+$/);
  });
});

const dockerfiles = [...Object.keys(services), 'atlassian-sandbox'];

describe.each(dockerfiles)('apps/%s/Dockerfile', (name) => {
  const dockerfile = readFileSync(join(root, 'apps', name, 'Dockerfile'), 'utf8');
  const stages = dockerfile.match(/^FROM\s+\S+/gm) ?? [];

  it('is multi-stage on Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const from of stages) expect(from).toMatch(/FROM node:24[-.\w]*/);
  });

  it('runs as a non-root numeric user the app it is named after', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER (?!0\b)\d+(:\d+)?\s*$/m);
    expect(runtime).toContain(`"apps/${name}/dist/main.js"`);
    expect(runtime).toMatch(/COPY --from=build/);
  });
});

describe('apps/atlassian-sandbox/Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'apps', 'atlassian-sandbox', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
  const workdir = /^WORKDIR\s+(\S+)/m.exec(runtime)?.[1] ?? '/';
  /** Where each file or folder copied from the build stage lands in the runtime image. */
  const landed = new Map<string, string>();
  for (const [, args] of runtime.matchAll(/^COPY --from=build\s+(.+)$/gm)) {
    const parts = args.trim().split(/\s+/);
    const dest = posix.resolve(workdir, parts.at(-1)!);
    const sources = parts.slice(0, -1);
    for (const source of sources) {
      const intoFolder = sources.length > 1 || parts.at(-1)!.endsWith('/');
      landed.set(source, intoFolder ? posix.join(dest, posix.basename(source)) : dest);
    }
  }

  it('builds the sandbox and copies its compiled code and the OpenAPI folder beside it to /srv', () => {
    expect(dockerfile).toContain('tsc -b apps/atlassian-sandbox/tsconfig.build.json');
    expect(workdir).toBe('/srv');
    expect(landed.get('/repo/apps/atlassian-sandbox/dist')).toBe('/srv/apps/atlassian-sandbox/dist');
    expect(landed.get('/repo/apps/atlassian-sandbox/openapi')).toBe('/srv/apps/atlassian-sandbox/openapi');
    expect(existsSync(join(root, 'apps/atlassian-sandbox/openapi/confluence-openapi-v2.v3.json'))).toBe(true);
  });

  it('is not told to skip the OpenAPI folder by .dockerignore', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored.filter((pattern) => /openapi|^apps|^\*\*?\/?\*?\.json$/.test(pattern))).toEqual([]);
  });
});
