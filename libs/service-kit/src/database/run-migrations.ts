import { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import { baseServiceConfigSchema } from '../config/service-config.schema';

// The services' own rule and default for DATABASE_URL, so a migration runs where the service would.
const databaseSettings = baseServiceConfigSchema.pick({ DATABASE_URL: true });

/**
 * Applies a service's pending migrations to its own schema: answers true (and leaves the exit
 * code alone) when the schema is up to date, false and exit code 1 with a one-line reason
 * otherwise. Callers in a shared process (tests, benchmarks) use the answer: process.exitCode is
 * global, and another cause may have set it. An advisory lock per schema lets several replicas
 * (init containers, a Job and a developer) start at once without racing.
 */
export async function runMigrations(
  serviceName: string,
  createDataSource: (databaseUrl: string) => DataSource,
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  const say = (line: string) => process.stderr.write(`${serviceName}: ${line}\n`);
  let dataSource: DataSource | null = null;
  try {
    const { DATABASE_URL } = loadConfig(databaseSettings, env);
    dataSource = createDataSource(DATABASE_URL);
    const schema = String((dataSource.options as { schema?: string }).schema ?? 'public');
    await dataSource.initialize();
    const lock = dataSource.createQueryRunner();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    try {
      await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) say(`applied ${migration.name}`);
      say(applied.length ? `schema "${schema}" migrated` : `schema "${schema}" is up to date`);
      return true;
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
      await lock.release();
    }
  } catch (error) {
    say(`migration failed: ${(error as Error).message}`);
    process.exitCode = 1;
    return false;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}
