import { messagingEntities } from '@actionhub/messaging';
import {
  createServiceDataSource,
  DatabaseSettings,
  ServiceDatabase,
  serviceDataSourceOptions,
} from '@actionhub/service-kit';
import { AuthorizationEntity } from '../authorizations/authorization.entity';
import { ConnectionEntity } from '../connections/connection.entity';
import { AuthProfileEntity } from '../profiles/auth-profile.entity';
import { ClientRejectionEntity } from '../profiles/client-rejection.entity';
import { ReturnOriginsEntity } from '../return-origins/return-origins.entity';
import { migrations } from './migrations';

export const database: ServiceDatabase = {
  schema: 'auth_profiles',
  entities: [
    ...messagingEntities,
    AuthProfileEntity,
    AuthorizationEntity,
    ConnectionEntity,
    ClientRejectionEntity,
    ReturnOriginsEntity,
  ],
  migrations,
};

export const dataSourceOptions = (settings: DatabaseSettings) => serviceDataSourceOptions(settings, database);

/** Used by migrate.ts and by tools/db (drift check, migration generator). */
export const createDataSource = (databaseUrl: string) => createServiceDataSource(databaseUrl, database);
