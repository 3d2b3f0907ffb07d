import { loadConfig, setupOpenApi, signDevToken } from '@actionhub/service-kit';
import { uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import * as actionConfig from '../../apps/action-config/src/app.module';
import {
  configSchema as actionConfigSchema,
  openApiInfo as actionConfigApi,
} from '../../apps/action-config/src/config/action-config.config';
import { createDataSource as actionConfigDb } from '../../apps/action-config/src/database/data-source';
import * as authProfiles from '../../apps/auth-profiles/src/app.module';
import {
  configSchema as authProfilesSchema,
  openApiInfo as authProfilesApi,
} from '../../apps/auth-profiles/src/config/auth-profiles.config';
import { createDataSource as authProfilesDb } from '../../apps/auth-profiles/src/database/data-source';
import * as dialogs from '../../apps/dialogs/src/app.module';
import {
  configSchema as dialogsSchema,
  openApiInfo as dialogsApi,
} from '../../apps/dialogs/src/config/dialogs.config';
import { createDataSource as dialogsDb } from '../../apps/dialogs/src/database/data-source';
import * as templateInstaller from '../../apps/template-installer/src/app.module';
import {
  configSchema as templateInstallerSchema,
  openApiInfo as templateInstallerApi,
} from '../../apps/template-installer/src/config/template-installer.config';
import { createDataSource as templateInstallerDb } from '../../apps/template-installer/src/database/data-source';
import { runMigrations } from '@actionhub/service-kit';

// Every service boots on the real PostgreSQL and Kafka, reports itself ready, serves its
// operational routes, and shuts down cleanly. Their domains come in later work; the wiring is here.
const services = [
  {
    name: 'auth-profiles',
    module: authProfiles.AppModule,
    schema: authProfilesSchema,
    api: authProfilesApi,
    db: authProfilesDb,
  },
  {
    name: 'action-config',
    module: actionConfig.AppModule,
    schema: actionConfigSchema,
    api: actionConfigApi,
    db: actionConfigDb,
  },
  {
    name: 'template-installer',
    module: templateInstaller.AppModule,
    schema: templateInstallerSchema,
    api: templateInstallerApi,
    db: templateInstallerDb,
  },
  { name: 'dialogs', module: dialogs.AppModule, schema: dialogsSchema, api: dialogsApi, db: dialogsDb },
];

const JWT_SECRET = 'integration-test-secret-0123456789abcdef';

async function boot(service: (typeof services)[number], env: Record<string, string>) {
  const config = loadConfig(service.schema, {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
    JWT_SECRET,
    // auth-profiles refuses to start without a key for the secrets it stores.
    ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await NestFactory.create(service.module.forRoot(config), { logger: false });
  app.enableShutdownHooks();
  setupOpenApi(app, service.api);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

describe.each(services)('$name service', (service) => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    expect(await runMigrations(service.name, service.db, { DATABASE_URL: process.env.DATABASE_URL })).toBe(
      true,
    );
    ({ app, url } = await boot(service, {}));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('becomes ready once PostgreSQL and Kafka answer', async () => {
    const ready = await waitFor(
      'readiness',
      () => fetch(`${url}/health/ready`),
      (r) => r.status === 200,
    );
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'up', kafka: 'up', messaging: 'up' },
    });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('serves Prometheus metrics, including HTTP timings', async () => {
    await fetch(`${url}/health/live`);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('http_server_requests_seconds_bucket');
    expect(text).toMatch(new RegExp(`service="${service.name}"`));
  });

  it('publishes its OpenAPI document', async () => {
    const doc = await (await fetch(`${url}/docs/openapi.json`)).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe(`Actionhub ${service.name}`);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready', '/metrics']),
    );
  });

  it('answers unknown routes with problem+json, never a stack trace', async () => {
    const token = await signDevToken(
      { sub: 'developer', apps: [randomUUID()], edition: 'developer' },
      JWT_SECRET,
    );
    const res = await fetch(`${url}/v1/no-such-route`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, code: 'not_found' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('readiness without Kafka', () => {
  it('reports Kafka down (503) while PostgreSQL is up, instead of failing to boot', async () => {
    const { app, url } = await boot(services[0], { KAFKA_BROKERS: '127.0.0.1:1' });
    try {
      const res = await fetch(`${url}/health/ready`);
      expect(res.status).toBe(503);
      expect((await res.json()).checks).toMatchObject({ postgres: 'up', kafka: 'down' });
      // Once its first attempt to start failed, messaging says so too.
      const report = await waitFor(
        'messaging to report it has not started',
        async () => (await fetch(`${url}/health/ready`)).json(),
        (r) => r.checks.messaging === 'down',
      );
      expect(report.checks).toEqual({ postgres: 'up', kafka: 'down', messaging: 'down' });
      expect(report.reasons.messaging).toMatch(/^messaging not started, retrying since .*last error: /);
    } finally {
      await app.close();
    }
  });
});
