import { registerClient, registerUser, RunningSandbox, startSandbox } from '@actionhub/atlassian-sandbox';
import { MessagingLifecycle } from '@actionhub/messaging';
import {
  loadConfig,
  runMigrations,
  ServiceConfigSource,
  signDevToken,
  signServiceToken,
} from '@actionhub/service-kit';
import {
  callJson,
  createTestDatabase,
  freePort,
  JsonAnswer,
  testKafkaBrokers,
  uniqueTopicPrefix,
} from '@actionhub/testing';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import * as actionConfig from '../../../apps/action-config/src/app.module';
import * as actionConfigCfg from '../../../apps/action-config/src/config/action-config.config';
import * as actionConfigDb from '../../../apps/action-config/src/database/data-source';
import * as authProfiles from '../../../apps/auth-profiles/src/app.module';
import * as authProfilesCfg from '../../../apps/auth-profiles/src/config/auth-profiles.config';
import * as authProfilesDb from '../../../apps/auth-profiles/src/database/data-source';
import * as dialogs from '../../../apps/dialogs/src/app.module';
import * as dialogsCfg from '../../../apps/dialogs/src/config/dialogs.config';
import * as dialogsDb from '../../../apps/dialogs/src/database/data-source';
import * as templateInstaller from '../../../apps/template-installer/src/app.module';
import * as templateInstallerCfg from '../../../apps/template-installer/src/config/template-installer.config';
import * as templateInstallerDb from '../../../apps/template-installer/src/database/data-source';

export const JWT_SECRET = 'platform-test-secret-0123456789abcdefghij';
const INTERNAL_JWT_SECRET = 'platform-internal-secret-0123456789abcdef';
export const SYSTEM_CLIENT = {
  clientId: 'actionhub-system',
  clientSecret: `sys-${randomBytes(12).toString('hex')}`,
};

export const JIRA_SYSTEM_CLIENT = {
  clientId: 'actionhub-jira-system',
  clientSecret: `sys-${randomBytes(12).toString('hex')}`,
};

type ServiceName = 'auth-profiles' | 'action-config' | 'template-installer' | 'dialogs';

interface Definition {
  module: { forRoot(config: ServiceConfigSource): DynamicModule };
  schema: Parameters<typeof loadConfig>[0];
  createDataSource: (url: string) => DataSource;
}

const definitions: Record<ServiceName, Definition> = {
  'auth-profiles': {
    module: authProfiles.AppModule,
    schema: authProfilesCfg.configSchema,
    createDataSource: authProfilesDb.createDataSource,
  },
  'action-config': {
    module: actionConfig.AppModule,
    schema: actionConfigCfg.configSchema,
    createDataSource: actionConfigDb.createDataSource,
  },
  'template-installer': {
    module: templateInstaller.AppModule,
    schema: templateInstallerCfg.configSchema,
    createDataSource: templateInstallerDb.createDataSource,
  },
  dialogs: {
    module: dialogs.AppModule,
    schema: dialogsCfg.configSchema,
    createDataSource: dialogsDb.createDataSource,
  },
};

export type Answer = JsonAnswer;

/**
 * The whole product in one test: the four services on a fresh database and topic prefix, with the
 * Atlassian sandbox standing in for Atlassian. Services can be stopped and started again.
 */
export class Platform {
  sandbox!: RunningSandbox;
  readonly topicPrefix = uniqueTopicPrefix();
  private databaseUrl!: string;
  private dropDatabase!: () => Promise<void>;
  private authProfilesPort!: number;
  private readonly apps = new Map<ServiceName, { app: INestApplication; url: string }>();

  get callbackUrl() {
    return `http://127.0.0.1:${this.authProfilesPort}/v1/oauth/callback`;
  }

  async start(): Promise<this> {
    this.sandbox = await startSandbox(0, '127.0.0.1');
    const db = await createTestDatabase('platform');
    this.databaseUrl = db.url;
    this.dropDatabase = db.drop;
    this.authProfilesPort = await freePort();
    registerClient(this.sandbox.state, {
      ...SYSTEM_CLIENT,
      name: 'Actionhub',
      redirectUris: [this.callbackUrl],
    });
    registerClient(this.sandbox.state, {
      ...JIRA_SYSTEM_CLIENT,
      name: 'Actionhub for Jira',
      redirectUris: [this.callbackUrl],
    });
    for (const [name, d] of Object.entries(definitions)) {
      await runMigrations(name, d.createDataSource, { DATABASE_URL: this.databaseUrl });
    }
    for (const name of Object.keys(definitions) as ServiceName[]) await this.startService(name);
    return this;
  }

  url(name: ServiceName): string {
    const running = this.apps.get(name);
    if (!running) throw new Error(`${name} is not running`);
    return running.url;
  }

  async startService(name: ServiceName): Promise<void> {
    const sandbox = this.sandbox.url.replace(/\/$/, '');
    const authProfilesUrl = `http://127.0.0.1:${this.authProfilesPort}`;
    const port = name === 'auth-profiles' ? this.authProfilesPort : 0;
    const config = loadConfig(definitions[name].schema, {
      DATABASE_URL: this.databaseUrl,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      JWT_SECRET,
      INTERNAL_JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AUTH_PROFILES_URL: authProfilesUrl,
      PUBLIC_BASE_URL: authProfilesUrl,
      ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
      CONFLUENCE_SYSTEM_CLIENT_ID: SYSTEM_CLIENT.clientId,
      CONFLUENCE_SYSTEM_CLIENT_SECRET: SYSTEM_CLIENT.clientSecret,
      JIRA_SYSTEM_CLIENT_ID: JIRA_SYSTEM_CLIENT.clientId,
      JIRA_SYSTEM_CLIENT_SECRET: JIRA_SYSTEM_CLIENT.clientSecret,
      PROVIDER_ORIGIN_OVERRIDES: `https://auth.atlassian.com=${sandbox},https://api.atlassian.com=${sandbox}`,
      OUTBOUND_ALLOWLIST: new URL(sandbox).host,
    });
    const app = await NestFactory.create(definitions[name].module.forRoot(config as ServiceConfigSource), {
      logger: false,
    });
    app.enableShutdownHooks();
    await app.listen(port, '127.0.0.1');
    await app.get(MessagingLifecycle).whenStarted();
    const { port: bound } = app.getHttpServer().address() as AddressInfo;
    this.apps.set(name, { app, url: `http://127.0.0.1:${bound}` });
  }

  async stopService(name: ServiceName): Promise<void> {
    await this.apps.get(name)?.app.close();
    this.apps.delete(name);
  }

  async stop(): Promise<void> {
    for (const name of [...this.apps.keys()].reverse()) await this.stopService(name).catch(() => undefined);
    await this.sandbox?.close();
    await this.dropDatabase?.();
  }

  /** SQL on the platform's database (tests use it to move a token's expiry closer). */
  async query(sql: string, params: unknown[] = []): Promise<unknown[]> {
    const db = await new DataSource({ type: 'postgres', url: this.databaseUrl }).initialize();
    try {
      return (await db.query(sql, params)) as unknown[];
    } finally {
      await db.destroy();
    }
  }

  /** What the runtime (dialogs) would call on an internal route. */
  async internal(service: ServiceName, path: string, body: unknown): Promise<Answer> {
    return call(
      'POST',
      `${this.url(service)}${path}`,
      await signServiceToken(INTERNAL_JWT_SECRET, 'dialogs'),
      body,
    );
  }

  /** A sandbox user with one site, or as many as named (Confluence's default spaces included). */
  user(siteCount = 1) {
    return registerUser(this.sandbox.state, {
      email: `user-${randomUUID()}@example.com`,
      displayName: 'Sandbox User',
      sites: Array.from({ length: siteCount }, () => ({ name: `site-${randomBytes(3).toString('hex')}` })),
    });
  }

  /** A developer's client for one app, calling any service. */
  async developer(appId: string, edition: 'trial' | 'developer' | 'enterprise' = 'developer') {
    const token = await signDevToken({ sub: 'developer', apps: [appId], edition }, JWT_SECRET);
    return (service: ServiceName, method: string, path: string, body?: unknown) =>
      call(method, `${this.url(service)}${path}`, token, body);
  }
}

export const call = callJson;
