import { Topics } from '@actionhub/contracts';
import { ServiceMessagingModule } from '@actionhub/messaging';
import {
  PostgresHealthIndicator,
  provideHealthIndicator,
  SERVICE_CONFIG,
  ServiceConfigSource,
  ServiceKitModule,
} from '@actionhub/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthProfilesClient } from './auth-profiles/auth-profiles.client';
import { AppConfig, configSchema, SERVICE_NAME } from './config/action-config.config';
import { ActionsController } from './configuration/actions.controller';
import { ActivateConfiguration } from './configuration/activate-configuration';
import { AuthorizeConfigurationUseCase } from './configuration/authorize-configuration.use-case';
import { ConfigurationController } from './configuration/configuration.controller';
import { ConfigurationStore } from './configuration/configuration.store';
import { DeleteConfigurationUseCase } from './configuration/delete-configuration.use-case';
import { DisableConfigurationUseCase } from './configuration/disable-configuration.use-case';
import { EnableConfigurationUseCase } from './configuration/enable-configuration.use-case';
import { GetActionUseCase } from './configuration/get-action.use-case';
import { ListActionsUseCase } from './configuration/list-actions.use-case';
import { PutConfigurationUseCase } from './configuration/put-configuration.use-case';
import { SaveConfigurationUseCase } from './configuration/save-configuration.use-case';
import { dataSourceOptions } from './database/data-source';
import { AuthProfileDeletedHandler } from './events/auth-profile-deleted.handler';
import { AuthorizationCompletedHandler } from './events/authorization-completed.handler';
import { ConnectionRefreshFailedHandler } from './events/connection-refresh-failed.handler';
import { ListNotificationsUseCase } from './notifications/list-notifications.use-case';
import { NotificationRecorder } from './notifications/notification.recorder';
import { NotificationsController } from './notifications/notifications.controller';

const handlers = [AuthorizationCompletedHandler, ConnectionRefreshFailedHandler, AuthProfileDeletedHandler];

@Module({})
export class AppModule {
  /** `config` defaults to the environment; tests pass a loaded config. */
  static forRoot(config: ServiceConfigSource = configSchema): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ serviceName: SERVICE_NAME, config }),
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: AppConfig) => dataSourceOptions(c),
        }),
        ServiceMessagingModule.forService({
          serviceName: SERVICE_NAME,
          publishes: [Topics.actionConfig],
          handlers,
        }),
      ],
      controllers: [ActionsController, ConfigurationController, NotificationsController],
      providers: [
        provideHealthIndicator(PostgresHealthIndicator),
        AuthProfilesClient,
        ConfigurationStore,
        ActivateConfiguration,
        ListActionsUseCase,
        GetActionUseCase,
        PutConfigurationUseCase,
        AuthorizeConfigurationUseCase,
        SaveConfigurationUseCase,
        EnableConfigurationUseCase,
        DisableConfigurationUseCase,
        DeleteConfigurationUseCase,
        NotificationRecorder,
        ListNotificationsUseCase,
        ...handlers,
      ],
    };
  }
}
