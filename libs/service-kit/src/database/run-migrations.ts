import { DataSource } from 'typeorm';
import { ConfigurationError } from '../config/configuration.error';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/actionhub';

/**
 * Applies a service's pending migrations to its own schema and exits: 0 when the schema is up
 * to date, 1 with a one-line reason otherwise. An advisory lock per schema lets several
 * replicas (init containers, a Job and a developer) start at once without racing.
 */
export async function runMigrations(
  serviceName: string,
  createDataSource: (databaseUrl: string) => DataSource,
  env: Record<string, string | undefined> = process.env,
): Promise<void> {
  const say = (line: string) => process.stderr.write(`${serviceName}: ${line}\n`);
  let dataSource: DataSource | null = null;
  try {
    const url = env.DATABASE_URL || DEFAULT_DATABASE_URL;
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigurationError([{ variable: 'DATABASE_URL', message: 'must be a postgres:// URL' }]);
    }
    dataSource = createDataSource(url);
    const schema = String((dataSource.options as { schema?: string }).schema ?? 'public');
    await dataSource.initialize();
    const lock = dataSource.createQueryRunner();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) say(`applied ${migration.name}`);
      say(applied.length ? `schema "${schema}" migrated` : `schema "${schema}" is up to date`);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
      await lock.release();
    }
  } catch (error) {
    say(`migration failed: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}
