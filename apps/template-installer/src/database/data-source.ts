import { messagingEntities } from '@actionhub/messaging';
import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

/** This service's own schema: no other service reads or writes it. */
export const SCHEMA = 'template_installer';

export const entities = [...messagingEntities];

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    schema: SCHEMA,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
  };
}

/** Used by migrate.ts and by tools/db (drift check, migration generator). */
export const createDataSource = (databaseUrl: string) => new DataSource(dataSourceOptions(databaseUrl));
