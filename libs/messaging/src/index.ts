export { OutboxEventEntity } from './outbox/outbox-event.entity';
export { OutboxWriter } from './outbox/outbox-writer';
export { OutboxRelay, OutboxRelayOptions, RelayWait } from './outbox/outbox-relay';
export { InboxMessageEntity } from './inbox/inbox-message.entity';
export { EventHandler, HandlerContext, PoisonEventError, rejectEvent } from './consumer/event-handler';
export {
  IdempotentConsumer,
  IdempotentConsumerOptions,
  ConsumeOutcome,
} from './consumer/idempotent-consumer';
export { PartitionWait } from './consumer/partition-waits';
export { FailureCause, failureCause } from './consumer/failure-cause';
export { DeadLetterReason, dlqTopicOf } from './consumer/dead-letter';
export {
  DeadLetterStore,
  DeadLetterEntry,
  DeadLetterError,
  DEAD_LETTER_SERVICES,
  REPLAYED_FROM_HEADER,
} from './dead-letters/dead-letter-store';
export { runDlqCli, CliIo, DLQ_USAGE } from './dead-letters/dlq-cli';
export {
  createKafka,
  createIdempotentProducer,
  ensureTopics,
  KafkaClientOptions,
} from './kafka/kafka-client';
export { KafkaHealthIndicator } from './kafka/kafka-health.indicator';
export { MessagingHealthIndicator } from './nest/messaging-health.indicator';
export { kafkaSecurity, kafkaSecurityFailure, KafkaSecurity } from './kafka/kafka-security';
export { TopicNames } from './kafka/topic-names';
export { MessagingLogger, silentLogger } from './messaging-logger';
export { MessagingModule } from './nest/messaging.module';
export { MessagingLifecycle } from './nest/messaging.lifecycle';
export { MessagingSettings, MessagingModuleOptions, KAFKA } from './nest/messaging.options';

/** The messaging tables' entities, to list in each service's DataSource. */
import { InboxMessageEntity as Inbox } from './inbox/inbox-message.entity';
import { OutboxEventEntity as Outbox } from './outbox/outbox-event.entity';
export const messagingEntities = [Outbox, Inbox];
export {
  ServiceMessagingModule,
  ServiceMessagingOptions,
  consumerGroupOf,
} from './nest/messaging-for-service';
