import { messagingEntities } from '@actionhub/messaging';
import {
  createServiceDataSource,
  DatabaseSettings,
  ServiceDatabase,
  serviceDataSourceOptions,
} from '@actionhub/service-kit';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { DeletedConfigurationEntity } from '../configured-actions/deleted-configuration.entity';
import { TemplateInstallationEntity } from '../installations/template-installation.entity';
import { IntegrationNoticeEntity } from '../notices/integration-notice.entity';
import { migrations } from './migrations';

export const database: ServiceDatabase = {
  schema: 'template_installer',
  entities: [
    ...messagingEntities,
    IntegrationNoticeEntity,
    ConfiguredActionEntity,
    DeletedConfigurationEntity,
    TemplateInstallationEntity,
  ],
  migrations,
};

export const dataSourceOptions = (settings: DatabaseSettings) => serviceDataSourceOptions(settings, database);

/** Used by migrate.ts and by tools/db (drift check, migration generator). */
export const createDataSource = (databaseUrl: string) => createServiceDataSource(databaseUrl, database);
