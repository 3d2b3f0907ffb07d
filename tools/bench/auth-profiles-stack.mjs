import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ensurePostgres } from '../db/postgres.mjs';
import { benchDatabaseUrl } from './bench-database.mjs';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';
// auth-profiles for the benchmarks, from dist: real PostgreSQL (database <DATABASE_URL's name>_bench) and
// Kafka, an in-process Atlassian sandbox, and `replicas` instances on the same database, logging
// at `logLevel` into nowhere (the pino work is measured, the terminal is not).

ignoreKafkajsTimeoutWarnings();
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const dist = (path) => require(join(root, path));

const { NestFactory } = require('@nestjs/core');
const { loadConfig, runMigrations, signServiceToken } = dist('libs/service-kit/dist/index.js');
const { startSandbox, registerClient, registerUser, ConsentBrowser } = dist(
  'apps/atlassian-sandbox/dist/index.js',
);
const { AppModule } = dist('apps/auth-profiles/dist/app.module.js');
const { configSchema } = dist('apps/auth-profiles/dist/config/auth-profiles.config.js');
const { createDataSource } = dist('apps/auth-profiles/dist/database/data-source.js');

export async function startAuthProfilesStack({ replicas = 1, logLevel = 'info', basePort = 3901 } = {}) {
  const kafka = await ensureKafka();
  const postgres = await ensurePostgres({ databaseUrl: benchDatabaseUrl() });
  await runMigrations('auth-profiles', createDataSource, { DATABASE_URL: postgres.databaseUrl });
  const sandbox = await startSandbox(0, '127.0.0.1');
  const sandboxUrl = sandbox.url.replace(/\/$/, '');
  const internalSecret = randomBytes(32).toString('base64url');
  const client = { clientId: 'bench-client', clientSecret: randomBytes(16).toString('hex') };
  registerClient(sandbox.state, {
    ...client,
    name: 'bench',
    redirectUris: [`http://127.0.0.1:${basePort}/v1/oauth/callback`],
  });
  const shared = {
    DATABASE_URL: postgres.databaseUrl,
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `bench.${randomBytes(3).toString('hex')}.`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    INTERNAL_JWT_SECRET: internalSecret,
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    PUBLIC_BASE_URL: `http://127.0.0.1:${basePort}`,
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    CONFLUENCE_SYSTEM_CLIENT_ID: client.clientId,
    CONFLUENCE_SYSTEM_CLIENT_SECRET: client.clientSecret,
    PROVIDER_ORIGIN_OVERRIDES: `https://auth.atlassian.com=${sandboxUrl},https://api.atlassian.com=${sandboxUrl}`,
    OUTBOUND_ALLOWLIST: new URL(sandboxUrl).host,
  };
  const nowhere = new Writable({ write: (_chunk, _enc, done) => done() });
  const services = [];
  for (let i = 0; i < replicas; i++) {
    const port = basePort + i;
    const config = loadConfig(configSchema, { ...shared, PORT: String(port) });
    const app = await NestFactory.create(AppModule.forRoot(config, { logDestination: nowhere }), {
      logger: false,
    });
    await app.listen(port, '127.0.0.1');
    services.push({ app, url: `http://127.0.0.1:${port}` });
  }
  const serviceToken = await signServiceToken(internalSecret, 'dialogs');

  /** An end user (or the app) goes through the consent page once; answers the app id. */
  async function connect(subject = { type: 'app' }) {
    const appId = randomUUID();
    const user = registerUser(sandbox.state, {
      email: `bench-${randomUUID()}@example.com`,
      displayName: 'Bench',
      sites: [{ name: `bench-${randomBytes(3).toString('hex')}` }],
    });
    const started = await (
      await fetch(`${services[0].url}/internal/v1/apps/${appId}/authorizations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${serviceToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          actionKey: 'confluence',
          profileId: 'system',
          subject,
          edition: 'enterprise',
        }),
      })
    ).json();
    // A browser of its own: the link binds it with a cookie that the callback checks.
    const browser = new ConsentBrowser();
    const landing = await browser.land(
      await browser.consent(started.authorizationUrl, { email: user.email }),
    );
    if (landing.status !== 200) throw new Error(`the consent flow did not complete (${landing.status})`);
    return appId;
  }

  /** One resolve of `appId`'s connection on `service`; answers true for a 200. */
  async function resolve(service, appId, subject = { type: 'app' }) {
    const r = await fetch(`${service.url}/internal/v1/apps/${appId}/connections/resolve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${serviceToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ actionKey: 'confluence', subject }),
    });
    await r.arrayBuffer();
    return r.status === 200;
  }

  return {
    services,
    sandbox,
    databaseUrl: postgres.databaseUrl,
    connect,
    resolve,
    async stop() {
      for (const s of services) await s.app.close();
      await sandbox.close();
      await postgres.stop();
      await kafka.stop();
    },
  };
}
