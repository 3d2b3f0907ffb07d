import { loadConfig, runMigrations, setupOpenApi } from '@actionhub/service-kit';
import { uniqueTopicPrefix } from '@actionhub/testing';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as actionConfig from '../../apps/action-config/src/app.module';
import * as actionConfigConfig from '../../apps/action-config/src/config/action-config.config';
import { createDataSource as actionConfigDb } from '../../apps/action-config/src/database/data-source';
import * as authProfiles from '../../apps/auth-profiles/src/app.module';
import * as authProfilesConfig from '../../apps/auth-profiles/src/config/auth-profiles.config';
import { createDataSource as authProfilesDb } from '../../apps/auth-profiles/src/database/data-source';
import * as dialogs from '../../apps/dialogs/src/app.module';
import * as dialogsConfig from '../../apps/dialogs/src/config/dialogs.config';
import { createDataSource as dialogsDb } from '../../apps/dialogs/src/database/data-source';
import * as templateInstaller from '../../apps/template-installer/src/app.module';
import * as templateInstallerConfig from '../../apps/template-installer/src/config/template-installer.config';
import { createDataSource as templateInstallerDb } from '../../apps/template-installer/src/database/data-source';
import { apiRoutes } from './support/api-routes';

// Every route docs/api.md lists for a service (method and path) is in the OpenAPI document that
// the booted service serves at /docs/openapi.json.

const apiMd = join(__dirname, '..', '..', 'docs', 'api.md');

const services = [
  { name: 'auth-profiles', module: authProfiles.AppModule, config: authProfilesConfig, db: authProfilesDb },
  { name: 'action-config', module: actionConfig.AppModule, config: actionConfigConfig, db: actionConfigDb },
  {
    name: 'template-installer',
    module: templateInstaller.AppModule,
    config: templateInstallerConfig,
    db: templateInstallerDb,
  },
  { name: 'dialogs', module: dialogs.AppModule, config: dialogsConfig, db: dialogsDb },
];

type OpenApi = { paths: Record<string, Record<string, unknown>> };

async function servedDocument(service: (typeof services)[number]): Promise<OpenApi> {
  await runMigrations(service.name, service.db, { DATABASE_URL: process.env.DATABASE_URL });
  const config = loadConfig(service.config.configSchema, {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
    JWT_SECRET: 'openapi-test-secret-0123456789abcdef',
    ENCRYPTION_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(service.module.forRoot(config), { logger: false });
  try {
    setupOpenApi(app, service.config.openApiInfo);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/docs/openapi.json`);
    expect(res.status).toBe(200);
    return (await res.json()) as OpenApi;
  } finally {
    await app.close();
  }
}

const routes = apiRoutes(readFileSync(apiMd, 'utf8'));

/**
 * Routes of docs/api.md that no service serves yet (none today). Each must still be missing, so an
 * entry goes as soon as its route is served.
 */
const notYetServed: Record<string, string[]> = {};

it('reads routes for every service from docs/api.md', () => {
  for (const s of services) expect(routes[s.name]?.length).toBeGreaterThan(2);
  expect(routes['auth-profiles']).toEqual(
    expect.arrayContaining([
      'PATCH /v1/apps/{appId}/auth-profiles/{profileId}',
      'GET /v1/oauth/callback',
      'POST /internal/v1/apps/{appId}/connections/resolve',
    ]),
  );
  expect(routes['action-config']).toContain(
    'POST /v1/apps/{appId}/actions/{actionKey}/configuration/authorize',
  );
  expect(routes['action-config']).toContain('DELETE /v1/apps/{appId}/actions/{actionKey}/configuration');
  expect(routes['action-config']).toContain('GET /v1/apps/{appId}/notifications');
});

describe.each(services)('$name OpenAPI document', (service) => {
  it('lists every route docs/api.md gives the service', async () => {
    const doc = await servedDocument(service);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const missing = routes[service.name]!.filter((r) => !documented.has(r));
    const pending = notYetServed[service.name] ?? [];
    const served = pending.filter((r) => documented.has(r));
    if (served.length > 0) {
      throw new Error(`Now served, remove from notYetServed in this file: ${served.join(', ')}`);
    }
    expect(missing.filter((r) => !pending.includes(r))).toEqual([]);
  });
});
