import { MessagingLifecycle } from '@actionhub/messaging';
import { loadConfig, runMigrations, signDevToken } from '@actionhub/service-kit';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { AppModule } from '../../../src/app.module';
import { configSchema } from '../../../src/config/dialogs.config';
import { createDataSource } from '../../../src/database/data-source';

export const JWT_SECRET = 'dialogs-integration-secret-0123456789abcdef';
export const INTERNAL_JWT_SECRET = 'dialogs-internal-secret-0123456789abcdef';

const migrated = new Map<string, Promise<void>>();

/** dialogs' migrations on the test database (or the one given), once per test file. */
export function migrate(databaseUrl = process.env.DATABASE_URL!): Promise<void> {
  if (!migrated.has(databaseUrl)) {
    const done = runMigrations('dialogs', createDataSource, { DATABASE_URL: databaseUrl }).then((ok) => {
      if (!ok) throw new Error('dialogs migrations failed');
    });
    migrated.set(databaseUrl, done);
  }
  return migrated.get(databaseUrl)!;
}

export interface RunningDialogs {
  app: INestApplication;
  url: string;
  /** Every log line so far, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The real dialogs app (Nest, PostgreSQL, Kafka) on a random port, its messaging started. */
export async function startDialogs(env: Record<string, string>): Promise<RunningDialogs> {
  await migrate(env.DATABASE_URL);
  const config = loadConfig(configSchema, {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    JWT_SECRET,
    INTERNAL_JWT_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    CONNECTOR_MAX_RETRY_WAIT_MS: '3000',
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const logDestination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await NestFactory.create(AppModule.forRoot(config, { logDestination }), { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  await app.get(MessagingLifecycle).whenStarted();
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}

export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A builder calling dialogs' /v1 routes for one app. */
export class DialogsApi {
  private constructor(
    private readonly url: string,
    private readonly appId: string,
    private readonly token: string,
  ) {}

  static async forApp(url: string, appId: string): Promise<DialogsApi> {
    return new DialogsApi(
      url,
      appId,
      await signDevToken({ sub: 'builder', apps: [appId], edition: 'developer' }, JWT_SECRET),
    );
  }

  async get(path: string): Promise<JsonAnswer> {
    const res = await fetch(`${this.url}/v1/apps/${this.appId}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    return { status: res.status, body: await res.json() };
  }

  async post(path: string, body: unknown): Promise<JsonAnswer> {
    const res = await fetch(`${this.url}/v1/apps/${this.appId}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  dialogs() {
    return this.get('/dialogs');
  }

  run(dialogId: string, endUserId: string, inputs: Record<string, string>) {
    return this.post(`/dialogs/${dialogId}/runs`, { endUserId, inputs });
  }
}
