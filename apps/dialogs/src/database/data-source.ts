import { messagingEntities } from '@actionhub/messaging';
import {
  createServiceDataSource,
  DatabaseSettings,
  ServiceDatabase,
  serviceDataSourceOptions,
} from '@actionhub/service-kit';
import { ActionConfigurationEntity } from '../action-configurations/action-configuration.entity';
import { DeletedConfigurationEntity } from '../action-configurations/deleted-configuration.entity';
import { DialogTaskFailureEntity } from '../dialog-tasks/dialog-task-failure.entity';
import { DialogTaskEntity } from '../dialog-tasks/dialog-task.entity';
import { UninstalledInstallationEntity } from '../dialog-tasks/uninstalled-installation.entity';
import { DialogRunEntity } from '../runs/dialog-run.entity';
import { migrations } from './migrations';

export const database: ServiceDatabase = {
  schema: 'dialogs',
  entities: [
    ...messagingEntities,
    DialogTaskEntity,
    DialogTaskFailureEntity,
    UninstalledInstallationEntity,
    ActionConfigurationEntity,
    DeletedConfigurationEntity,
    DialogRunEntity,
  ],
  migrations,
};

export const dataSourceOptions = (settings: DatabaseSettings) => serviceDataSourceOptions(settings, database);

/** Used by migrate.ts and by tools/db (drift check, migration generator). */
export const createDataSource = (databaseUrl: string) => createServiceDataSource(databaseUrl, database);
