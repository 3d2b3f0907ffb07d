import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';

export interface ServiceDatabase {
  /** The service's own schema: no other service reads or writes it. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** PostgreSQL, one schema per service, checked-in migrations only (never synchronize). */
export function serviceDataSourceOptions(databaseUrl: string, db: ServiceDatabase): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    schema: db.schema,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
  };
}

export const createServiceDataSource = (databaseUrl: string, db: ServiceDatabase) =>
  new DataSource(serviceDataSourceOptions(databaseUrl, db));
