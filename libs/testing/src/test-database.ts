import { randomBytes } from 'node:crypto';
import { DataSource, DataSourceOptions } from 'typeorm';

export const testDatabaseUrl = () =>
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub_test';

/** A unique, throw-away schema name, so test files never see each other's rows. */
export const uniqueSchemaName = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;

/**
 * A real PostgreSQL DataSource on its own fresh schema. `setupSql` runs first (the schema's
 * tables, written as migrations would); `drop()` removes the schema again.
 */
export async function openTestSchema(options: {
  prefix: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  setupSql?: (schema: string) => string[];
}): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const schema = uniqueSchemaName(options.prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: testDatabaseUrl(),
    schema,
    entities: options.entities,
    synchronize: false,
    extra: { max: 10 },
  });
  await dataSource.initialize();
  await dataSource.query(`CREATE SCHEMA "${schema}"`);
  for (const sql of options.setupSql?.(schema) ?? []) await dataSource.query(sql);
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

/**
 * A fresh, empty PostgreSQL database for one test file, for services whose schema name is
 * fixed: they migrate into it as in production and never see another file's rows.
 */
export async function createTestDatabase(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueSchemaName(`actionhub_${prefix}`.replace(/[^a-z0-9_]/g, '_'));
  const admin = new DataSource({ type: 'postgres', url: testDatabaseUrl() });
  await admin.initialize();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new DataSource({ type: 'postgres', url: testDatabaseUrl() });
      await dropper.initialize();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.destroy();
    },
  };
}
