import { registerClient, registerUser, RunningSandbox, startSandbox } from '@actionhub/atlassian-sandbox';
import { MessagingLifecycle, createKafka } from '@actionhub/messaging';
import { loadConfig, runMigrations, signDevToken, signServiceToken } from '@actionhub/service-kit';
import { Topics } from '@actionhub/contracts';
import {
  callJson,
  createTestDatabase,
  freePort,
  JsonAnswer,
  KafkaProbe,
  testKafkaBrokers,
  uniqueTopicPrefix,
} from '@actionhub/testing';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { AppModule } from '../../../src/app.module';
import { configSchema } from '../../../src/config/auth-profiles.config';
import { createDataSource } from '../../../src/database/data-source';

export const JWT_SECRET = 'auth-profiles-test-secret-0123456789abcdef';
export const INTERNAL_JWT_SECRET = 'auth-profiles-internal-secret-0123456789';
export const SYSTEM_CLIENT = {
  clientId: 'actionhub-system-client',
  clientSecret: `sys-${randomBytes(16).toString('hex')}`,
};
export const key = () => randomBytes(32).toString('base64');

export interface RunningAuthProfiles {
  app: INestApplication;
  url: string;
  logs: string[];
  close: () => Promise<void>;
}

/** One test file's world: a sandbox standing in for Atlassian, a fresh database and topic prefix. */
export class AuthProfilesWorld {
  sandbox!: RunningSandbox;
  databaseUrl!: string;
  readonly topicPrefix = uniqueTopicPrefix();
  readonly encryptionKeys = `k1:${key()}`;
  port!: number;
  private dropDatabase!: () => Promise<void>;
  private readonly running: RunningAuthProfiles[] = [];

  get callbackUrl() {
    return `http://127.0.0.1:${this.port}/v1/oauth/callback`;
  }

  async start(): Promise<this> {
    this.sandbox = await startSandbox(0, '127.0.0.1');
    this.port = await freePort();
    const db = await createTestDatabase('auth_profiles');
    this.databaseUrl = db.url;
    this.dropDatabase = db.drop;
    await runMigrations('auth-profiles', createDataSource, { DATABASE_URL: this.databaseUrl });
    registerClient(this.sandbox.state, {
      ...SYSTEM_CLIENT,
      name: 'Actionhub',
      redirectUris: [this.callbackUrl],
    });
    return this;
  }

  /** Boots auth-profiles; a second call runs a second replica on the same database. */
  async boot(
    env: Record<string, string> = {},
    port = this.running.length === 0 ? this.port : 0,
  ): Promise<RunningAuthProfiles> {
    const sandboxOrigin = this.sandbox.url.replace(/\/$/, '');
    const config = loadConfig(configSchema, {
      DATABASE_URL: this.databaseUrl,
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      JWT_SECRET,
      INTERNAL_JWT_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      PUBLIC_BASE_URL: `http://127.0.0.1:${this.port}`,
      ENCRYPTION_KEYS: this.encryptionKeys,
      CONFLUENCE_SYSTEM_CLIENT_ID: SYSTEM_CLIENT.clientId,
      CONFLUENCE_SYSTEM_CLIENT_SECRET: SYSTEM_CLIENT.clientSecret,
      PROVIDER_ORIGIN_OVERRIDES: `https://auth.atlassian.com=${sandboxOrigin},https://api.atlassian.com=${sandboxOrigin}`,
      OUTBOUND_ALLOWLIST: new URL(sandboxOrigin).host,
      ...env,
    });
    const logs: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) =>
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)),
    );
    const app = await NestFactory.create(AppModule.forRoot(config, { logDestination: destination }), {
      logger: false,
    });
    app.enableShutdownHooks();
    await app.listen(port, '127.0.0.1');
    await app.get(MessagingLifecycle).whenStarted();
    const address = app.getHttpServer().address() as { port: number };
    const running = {
      app,
      url: `http://127.0.0.1:${address.port}`,
      logs,
      close: async () => {
        await app.close();
      },
    };
    this.running.push(running);
    return running;
  }

  async stop(): Promise<void> {
    for (const r of this.running.reverse()) await r.close().catch(() => undefined);
    await this.sandbox?.close();
    await this.dropDatabase?.();
  }

  /** The events auth-profiles published, as a real consumer reads them from Kafka. */
  async probe(): Promise<KafkaProbe> {
    const kafka = createKafka({ clientId: 'auth-profiles-test-probe', brokers: testKafkaBrokers() });
    return new KafkaProbe(kafka).start([`${this.topicPrefix}${Topics.authProfiles}`]);
  }

  /** A sandbox user with the given sites (created with Confluence's default spaces). */
  user(sites: string[] = [`site-${randomBytes(3).toString('hex')}`]) {
    return registerUser(this.sandbox.state, {
      email: `user-${randomUUID()}@example.com`,
      displayName: 'Sandbox User',
      sites: sites.map((name) => ({ name })),
    });
  }
}

export const developerToken = (apps: string[], edition: 'trial' | 'developer' | 'enterprise' = 'developer') =>
  signDevToken({ sub: 'developer-1', apps, edition }, JWT_SECRET);

export const serviceToken = () => signServiceToken(INTERNAL_JWT_SECRET, 'dialogs');

/** A JSON answer in tests: its shape is what the expect() calls check. */
export type Json = JsonAnswer['body'];

export const call = callJson;
