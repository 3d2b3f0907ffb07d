import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { ServiceConfig } from '../config/service-config.schema';

export interface ServiceDatabase {
  /** The service's own schema: no other service reads or writes it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The database settings every service reads (see baseServiceConfigSchema). */
export type DatabaseSettings = Pick<
  ServiceConfig,
  | 'DATABASE_URL'
  | 'DATABASE_POOL_SIZE'
  | 'DATABASE_ACQUIRE_TIMEOUT_MS'
  | 'DATABASE_STATEMENT_TIMEOUT_MS'
  | 'DATABASE_LOCK_TIMEOUT_MS'
>;

const baseOptions = (databaseUrl: string, db: ServiceDatabase) =>
  ({
    type: 'postgres',
    url: databaseUrl,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
  }) as const;

/**
 * A running service's DataSource: PostgreSQL, one schema per service, checked-in migrations
 * only (never synchronize), and the bulkheads: at most DATABASE_POOL_SIZE connections, a caller
 * waits at most DATABASE_ACQUIRE_TIMEOUT_MS for one (pg's connectionTimeoutMillis), and every
 * session runs with statement_timeout and lock_timeout.
 */
export function serviceDataSourceOptions(settings: DatabaseSettings, db: ServiceDatabase): DataSourceOptions {
  return {
    ...baseOptions(settings.DATABASE_URL, db),
    poolSize: settings.DATABASE_POOL_SIZE,
    connectTimeoutMS: settings.DATABASE_ACQUIRE_TIMEOUT_MS,
    extra: {
      // Notices a server that vanished without closing the connection (a failover).
      keepAlive: true,
      statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS,
      lock_timeout: settings.DATABASE_LOCK_TIMEOUT_MS,
    },
  };
}

/**
 * For tools (migrations, the drift check, maintenance commands): the same schema without the
 * request-path timeouts, since a migration may rightly wait for a lock or run for minutes.
 */
export const createServiceDataSource = (databaseUrl: string, db: ServiceDatabase) =>
  new DataSource(baseOptions(databaseUrl, db));
