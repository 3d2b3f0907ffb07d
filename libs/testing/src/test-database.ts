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
