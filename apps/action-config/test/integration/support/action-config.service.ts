import { AppModule } from '../../../src/app.module';
import { configSchema } from '../../../src/config/action-config.config';
import { createDataSource } from '../../../src/database/data-source';
import { ServiceDefinition } from './boot-service';

export const actionConfigService: ServiceDefinition = {
  name: 'action-config',
  module: AppModule,
  schema: configSchema,
  createDataSource,
};
