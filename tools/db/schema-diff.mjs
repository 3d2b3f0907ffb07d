// Compares an app's TypeORM entities with what its checked-in migrations build, on a scratch
// database, and returns the SQL TypeORM would still need. Empty means no drift.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
export const root = join(import.meta.dirname, '..', '..');
export const services = ['auth-profiles', 'action-config', 'template-installer', 'dialogs'];

/** Every app exports createDataSource(databaseUrl) from dist/database/data-source.js. */
export function loadDataSourceFactory(app) {
  const file = join(root, 'apps', app, 'dist', 'database', 'data-source.js');
  try {
    return require(file).createDataSource;
  } catch (error) {
    throw new Error(`${app}: cannot load ${file} (run "npm run build" first): ${error.message}`);
  }
}

/**
 * Scratch databases are named per checkout, so two clones (or worktrees) checking drift at the
 * same time on one PostgreSQL do not drop each other's database.
 */
export function scratchName(prefix) {
  return `${prefix}_${createHash('sha1').update(root).digest('hex').slice(0, 8)}`;
}

export async function recreateDatabase(baseUrl, name) {
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs the app's migrations on an empty database, then asks TypeORM what is still missing. */
export async function pendingSchemaChanges(app, scratchUrl) {
  const dataSource = loadDataSourceFactory(app)(scratchUrl);
  await dataSource.initialize();
  try {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${dataSource.options.schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    const log = await dataSource.driver.createSchemaBuilder().log();
    return { up: log.upQueries, down: log.downQueries, schema: dataSource.options.schema };
  } finally {
    await dataSource.destroy();
  }
}
