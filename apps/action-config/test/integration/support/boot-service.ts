import { MessagingLifecycle } from '@actionhub/messaging';
import {
  ConfigSchema,
  loadConfig,
  runMigrations,
  ServiceConfig,
  ServiceConfigSource,
} from '@actionhub/service-kit';
import { testKafkaBrokers } from '@actionhub/testing';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';

export const JWT_SECRET = 'integration-test-secret-0123456789abcdef';
export const INTERNAL_JWT_SECRET = 'integration-internal-secret-0123456789abcdef';

export interface ServiceDefinition {
  name: string;
  module: { forRoot(config: ServiceConfigSource): DynamicModule };
  schema: ConfigSchema;
  createDataSource: (databaseUrl: string) => DataSource;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Migrates the service's schema (idempotent, locked) on the test database (or the one given). */
export async function migrate(
  service: ServiceDefinition,
  databaseUrl = process.env.DATABASE_URL,
): Promise<void> {
  if (!(await runMigrations(service.name, service.createDataSource, { DATABASE_URL: databaseUrl }))) {
    throw new Error(`${service.name}: migrations failed`);
  }
}

/**
 * Boots a service as main.ts would, on the real PostgreSQL and Kafka, and waits until its relay
 * runs and its consumer has joined the group: events produced afterwards are not missed.
 */
export async function bootService(
  service: ServiceDefinition,
  env: Record<string, string>,
): Promise<RunningService> {
  const config = loadConfig(service.schema, {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    JWT_SECRET,
    INTERNAL_JWT_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  }) as ServiceConfig; // every service schema extends the base one
  const app = await NestFactory.create(service.module.forRoot(config), { logger: false });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  await app.get(MessagingLifecycle).whenStarted();
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
