import {
  provideHealthIndicator,
  SERVICE_CONFIG,
  SERVICE_LOGGER,
  ServiceConfig,
} from '@actionhub/service-kit';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { Logger } from 'pino';
import { EventHandler } from '../consumer/event-handler';
import { KafkaHealthIndicator } from '../kafka/kafka-health.indicator';
import { MessagingHealthIndicator } from './messaging-health.indicator';
import { kafkaSecurity } from '../kafka/kafka-security';
import { MessagingModule } from './messaging.module';
import { MessagingMetrics } from './messaging.metrics';

export interface ServiceMessagingOptions {
  serviceName: string;
  /** Contract topics the service publishes to. */
  publishes: string[];
  handlers?: Type<EventHandler>[];
}

/**
 * The consumer group of a service: one inbox, one committed offset per partition. It carries the
 * topic prefix too: deployments (or test files) sharing a cluster must not share a group, or the
 * group's leader would hand out only its own prefix's partitions and starve the other members.
 */
export const consumerGroupOf = (serviceName: string, topicPrefix = '') =>
  `${topicPrefix}actionhub.${serviceName}`;

/**
 * MessagingModule configured the way every Actionhub service runs it: from the service kit's
 * validated config and logger, with the Kafka and messaging readiness checks registered.
 */
@Module({})
export class ServiceMessagingModule {
  static forService({ serviceName, publishes, handlers = [] }: ServiceMessagingOptions): DynamicModule {
    return {
      module: ServiceMessagingModule,
      imports: [
        MessagingModule.forRoot({
          publishes,
          handlers,
          inject: [SERVICE_CONFIG, SERVICE_LOGGER],
          useFactory: (config: ServiceConfig, logger: Logger) => ({
            clientId: config.KAFKA_CLIENT_ID ?? serviceName,
            brokers: config.KAFKA_BROKERS,
            groupId: consumerGroupOf(serviceName, config.KAFKA_TOPIC_PREFIX),
            topicPrefix: config.KAFKA_TOPIC_PREFIX,
            ...kafkaSecurity(config),
            logger: logger.child({ component: 'messaging' }),
            // Wrong credentials or an untrusted broker certificate: like a bad variable, one
            // line and exit 1 (the orchestrator shows it), rather than a service that waits forever.
            onSecurityFailure: (line) => {
              process.stderr.write(`${serviceName}: ${line}\n`);
              process.exit(1);
            },
          }),
        }),
      ],
      providers: [
        provideHealthIndicator(KafkaHealthIndicator),
        provideHealthIndicator(MessagingHealthIndicator),
        MessagingMetrics,
      ],
    };
  }
}
