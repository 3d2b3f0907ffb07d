import { EventEnvelope, serializeEvent } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity';
import { TopicNames } from '../kafka/topic-names';

/**
 * Appends events to the outbox inside the caller's transaction. There is deliberately no
 * way to publish directly: an event exists only if the state change that caused it committed.
 */
export class OutboxWriter {
  constructor(private readonly topicNames: TopicNames = new TopicNames()) {}

  async append(manager: EntityManager, ...envelopes: EventEnvelope[]): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append must run inside a transaction (use dataSource.transaction)');
    }
    const rows = envelopes.map((envelope) => {
      const { topic, key, value, headers } = serializeEvent(envelope);
      return manager.create(OutboxEventEntity, {
        id: envelope.eventId,
        topic: this.topicNames.resolve(topic),
        key,
        eventType: envelope.type,
        value,
        headers,
      });
    });
    await manager.insert(OutboxEventEntity, rows);
  }
}
