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
import { AppConfig, configSchema, SERVICE_NAME } from './config/dialogs.config';
import { dataSourceOptions } from './database/data-source';

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
          useFactory: (c: AppConfig) => dataSourceOptions(c.DATABASE_URL),
        }),
        ServiceMessagingModule.forService({ serviceName: SERVICE_NAME, publishes: [Topics.dialogs] }),
      ],
      providers: [provideHealthIndicator(PostgresHealthIndicator)],
    };
  }
}
