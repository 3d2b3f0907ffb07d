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
import { infrastructureProviders } from './auth-profiles.providers';
import { AuthorizationsController } from './authorizations/authorizations.controller';
import { AuthorizationCompletion } from './authorizations/authorization-completion';
import { ChooseSiteUseCase } from './authorizations/choose-site.use-case';
import { OAuthCallbackUseCase } from './authorizations/oauth-callback.use-case';
import { OpenAuthorizationLinkUseCase } from './authorizations/open-authorization-link.use-case';
import { StartAuthorizationUseCase } from './authorizations/start-authorization.use-case';
import { AppConfig, configSchema, SERVICE_NAME } from './config/auth-profiles.config';
import { ActionDeletedHandler } from './connections/action-deleted.handler';
import { AbandonedRefreshSweeper } from './connections/abandoned-refresh.sweeper';
import { ConnectionRefresher } from './connections/connection-refresher';
import { ConnectionsController } from './connections/connections.controller';
import { RefreshFlights } from './connections/refresh-flights';
import { RefreshLeaseStore } from './connections/refresh-lease.store';
import { RefreshMetrics } from './connections/refresh.metrics';
import { ResolveConnectionUseCase } from './connections/resolve-connection.use-case';
import { dataSourceOptions } from './database/data-source';
import { OAuthProfileResolver } from './oauth/oauth-profile.resolver';
import { ClientRejections } from './profiles/client-rejections';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import { TestProfileUseCase } from './profiles/test-profile.use-case';
import { ReturnOriginsController } from './return-origins/return-origins.controller';
import { ReturnOriginsStore } from './return-origins/return-origins.store';

@Module({})
export class AppModule {
  /** `config` defaults to the environment; tests pass a loaded config. */
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
          publishes: [Topics.authProfiles],
          handlers: [ActionDeletedHandler],
        }),
      ],
      controllers: [
        ProfilesController,
        AuthorizationsController,
        ConnectionsController,
        ReturnOriginsController,
      ],
      providers: [
        provideHealthIndicator(PostgresHealthIndicator),
        ...infrastructureProviders,
        ProfilesService,
        TestProfileUseCase,
        OAuthProfileResolver,
        StartAuthorizationUseCase,
        OAuthCallbackUseCase,
        AuthorizationCompletion,
        ChooseSiteUseCase,
        OpenAuthorizationLinkUseCase,
        ReturnOriginsStore,
        ResolveConnectionUseCase,
        RefreshLeaseStore,
        ConnectionRefresher,
        RefreshFlights,
        AbandonedRefreshSweeper,
        ClientRejections,
        RefreshMetrics,
        ActionDeletedHandler,
      ],
    };
  }
}
