import { Topics } from '@actionhub/contracts';
import { KafkaHealthIndicator, MessagingModule } from '@actionhub/messaging';
import {
  PostgresHealthIndicator,
  provideHealthIndicator,
  SERVICE_CONFIG,
  SERVICE_LOGGER,
  ServiceConfigSource,
  ServiceKitModule,
} from '@actionhub/service-kit';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { configSchema, AppConfig, SERVICE_NAME } from './config/auth-profiles.config';
import { dataSourceOptions } from './database/data-source';

/** The consumer group of this service: one inbox, one committed offset per partition. */
export const CONSUMER_GROUP = `actionhub.${SERVICE_NAME}`;

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
        MessagingModule.forRoot({
          publishes: [Topics.authProfiles],
          handlers: [],
          inject: [SERVICE_CONFIG, SERVICE_LOGGER],
          useFactory: (c: AppConfig, logger: Logger) => ({
            clientId: c.KAFKA_CLIENT_ID ?? SERVICE_NAME,
            brokers: c.KAFKA_BROKERS,
            groupId: CONSUMER_GROUP,
            topicPrefix: c.KAFKA_TOPIC_PREFIX,
            logger: logger.child({ component: 'messaging' }),
          }),
        }),
      ],
      providers: [
        provideHealthIndicator(PostgresHealthIndicator),
        provideHealthIndicator(KafkaHealthIndicator),
      ],
    };
  }
}
