import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { createKafka } from '../kafka/kafka-client';
import { KafkaHealthIndicator } from '../kafka/kafka-health.indicator';
import { TopicNames } from '../kafka/topic-names';
import { OutboxWriter } from '../outbox/outbox-writer';
import { MessagingHealthIndicator } from './messaging-health.indicator';
import { MessagingLifecycle } from './messaging.lifecycle';
import {
  KAFKA,
  MESSAGING_HANDLERS,
  MESSAGING_PUBLISHES,
  MESSAGING_SETTINGS,
  MessagingModuleOptions,
  MessagingSettings,
} from './messaging.options';

/**
 * Kafka for a service: an OutboxWriter to use inside transactions, the relay that publishes
 * it, an idempotent consumer for the handlers given, and the Kafka and messaging health indicators.
 * Needs a TypeORM DataSource in the app (TypeOrmModule.forRoot).
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: MESSAGING_SETTINGS,
          useFactory: options.useFactory,
          inject: (options.inject ?? []) as never[],
        },
        { provide: MESSAGING_HANDLERS, useValue: options.handlers ?? [] },
        { provide: MESSAGING_PUBLISHES, useValue: options.publishes },
        {
          provide: KAFKA,
          useFactory: (s: MessagingSettings) => createKafka(s),
          inject: [MESSAGING_SETTINGS],
        },
        {
          provide: OutboxWriter,
          useFactory: (s: MessagingSettings) => new OutboxWriter(new TopicNames(s.topicPrefix)),
          inject: [MESSAGING_SETTINGS],
        },
        {
          provide: KafkaHealthIndicator,
          useFactory: (kafka: Kafka) => new KafkaHealthIndicator(kafka),
          inject: [KAFKA],
        },
        MessagingLifecycle,
        MessagingHealthIndicator,
      ],
      exports: [KAFKA, OutboxWriter, KafkaHealthIndicator, MessagingLifecycle, MessagingHealthIndicator],
    };
  }
}
