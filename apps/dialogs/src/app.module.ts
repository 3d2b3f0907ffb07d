import { Topics } from '@actionhub/contracts';
import { ServiceMessagingModule } from '@actionhub/messaging';
import {
  PostgresHealthIndicator,
  provideHealthIndicator,
  SERVICE_CONFIG,
  ServiceConfigSource,
  ServiceKitModule,
  ServiceKitOptions,
} from '@actionhub/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  ActionConfiguredHandler,
  ActionDeletedHandler,
  ActionDisabledHandler,
  ActionEnabledHandler,
} from './action-configurations/action-configuration.handlers';
import { AppConfig, configSchema, SERVICE_NAME } from './config/dialogs.config';
import { dataSourceOptions } from './database/data-source';
import { DialogTasksController } from './dialog-tasks/dialog-tasks.controller';
import { ListDialogTasksUseCase } from './dialog-tasks/list-dialog-tasks.use-case';
import { TemplateInstalledHandler } from './dialog-tasks/template-installed.handler';
import { TemplateUninstalledHandler } from './dialog-tasks/template-uninstalled.handler';
import { AuthProfilesClient } from './runs/auth-profiles.client';
import { RunDialogUseCase } from './runs/run-dialog.use-case';
import { RunsController } from './runs/runs.controller';

const handlers = [
  TemplateInstalledHandler,
  TemplateUninstalledHandler,
  ActionConfiguredHandler,
  ActionDisabledHandler,
  ActionEnabledHandler,
  ActionDeletedHandler,
];

@Module({})
export class AppModule {
  /** `config` defaults to the environment; tests pass a loaded config (and may read the logs). */
  static forRoot(
    config: ServiceConfigSource = configSchema,
    options: Pick<ServiceKitOptions, 'logDestination'> = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ serviceName: SERVICE_NAME, config, ...options }),
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: AppConfig) => dataSourceOptions(c),
        }),
        ServiceMessagingModule.forService({
          serviceName: SERVICE_NAME,
          publishes: [Topics.dialogs],
          handlers,
        }),
      ],
      controllers: [DialogTasksController, RunsController],
      providers: [
        provideHealthIndicator(PostgresHealthIndicator),
        ...handlers,
        ListDialogTasksUseCase,
        RunDialogUseCase,
        AuthProfilesClient,
      ],
    };
  }
}
