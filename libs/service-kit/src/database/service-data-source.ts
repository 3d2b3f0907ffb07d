import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface ServiceDatabase {
  /** The service's own schema: no other service reads or writes it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/**
 * PostgreSQL, one schema per service, checked-in migrations only (never synchronize). Waiting for
 * a connection is bounded (pg's default is forever): when the server is unreachable or the pool
 * exhausted, callers get an error they can answer or retry instead of hanging. TCP keepalive
 * notices a server that vanished without closing the connection.
 */
export function serviceDataSourceOptions(databaseUrl: string, db: ServiceDatabase): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    extra: { connectionTimeoutMillis: 10_000, keepAlive: true },
  };
}

export const createServiceDataSource = (databaseUrl: string, db: ServiceDatabase) =>
  new DataSource(serviceDataSourceOptions(databaseUrl, db));
