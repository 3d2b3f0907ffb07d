import { messagingEntities } from '@actionhub/messaging';
import {
  createServiceDataSource,
  DatabaseSettings,
  ServiceDatabase,
  serviceDataSourceOptions,
} from '@actionhub/service-kit';
import { ActionConfigurationEntity } from '../configuration/action-configuration.entity';
import { DeveloperNotificationEntity } from '../notifications/developer-notification.entity';
import { migrations } from './migrations';

export const database: ServiceDatabase = {
  schema: 'action_config',
  entities: [...messagingEntities, ActionConfigurationEntity, DeveloperNotificationEntity],
  migrations,
};

export const dataSourceOptions = (settings: DatabaseSettings) => serviceDataSourceOptions(settings, database);

/** Used by migrate.ts and by tools/db (drift check, migration generator). */
export const createDataSource = (databaseUrl: string) => createServiceDataSource(databaseUrl, database);
