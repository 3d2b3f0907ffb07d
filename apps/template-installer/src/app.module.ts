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
import { AppConfig, configSchema, SERVICE_NAME } from './config/template-installer.config';
import { ActionDeletedHandler } from './configured-actions/action-deleted.handler';
import { ActionDisabledHandler } from './configured-actions/action-disabled.handler';
import { ActionEnabledHandler } from './configured-actions/action-enabled.handler';
import { dataSourceOptions } from './database/data-source';
import { ActionConfiguredHandler } from './notices/action-configured.handler';
import { DismissNoticeUseCase } from './notices/dismiss-notice.use-case';
import { ListNoticesUseCase } from './notices/list-notices.use-case';
import { NoticesController } from './notices/notices.controller';
import { DialogTaskCreatedHandler } from './installations/dialog-task-created.handler';
import { DialogTaskCreationFailedHandler } from './installations/dialog-task-creation-failed.handler';
import { GetInstallationUseCase } from './installations/get-installation.use-case';
import { InstallTemplateUseCase } from './installations/install-template.use-case';
import { InstallationsController } from './installations/installations.controller';
import { UninstallTemplateUseCase } from './installations/uninstall-template.use-case';
import { ListTemplatesUseCase } from './templates/list-templates.use-case';
import { TemplateCatalog } from './templates/template-catalog';
import { TemplatesController } from './templates/templates.controller';

const handlers = [
  ActionConfiguredHandler,
  ActionDeletedHandler,
  ActionDisabledHandler,
  ActionEnabledHandler,
  DialogTaskCreatedHandler,
  DialogTaskCreationFailedHandler,
];

export interface AppModuleOptions extends Pick<ServiceKitOptions, 'logDestination'> {
  /** The templates to install from (default: libs/providers' catalog); tests add their own. */
  templates?: TemplateCatalog;
}

@Module({})
export class AppModule {
  /** `config` defaults to the environment; tests pass a loaded config. */
  static forRoot(config: ServiceConfigSource = configSchema, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          serviceName: SERVICE_NAME,
          config,
          logDestination: options.logDestination,
        }),
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (c: AppConfig) => dataSourceOptions(c),
        }),
        ServiceMessagingModule.forService({
          serviceName: SERVICE_NAME,
          publishes: [Topics.templateInstaller],
          handlers,
        }),
      ],
      controllers: [NoticesController, TemplatesController, InstallationsController],
      providers: [
        provideHealthIndicator(PostgresHealthIndicator),
        ListNoticesUseCase,
        DismissNoticeUseCase,
        ListTemplatesUseCase,
        InstallTemplateUseCase,
        GetInstallationUseCase,
        UninstallTemplateUseCase,
        { provide: TemplateCatalog, useValue: options.templates ?? new TemplateCatalog() },
        ...handlers,
      ],
    };
  }
}
