import { EventEnvelope, serializeEvent } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';
import { TopicNames } from '../kafka/topic-names';
import { markOutboxWritten, outboxChannel, outboxTable, sourceTag } from './outbox-signals';

const COLUMNS = 6; // id, topic, key, event_type, value, headers

/**
 * Appends events to the outbox inside the caller's transaction. There is deliberately no
 * way to publish directly: an event exists only if the state change that caused it committed.
 *
 * The same statement notifies the outbox's channel, so the relays of other replicas wake when
 * the transaction commits (and not at all if it rolls back); the relays of this process are
 * woken by the commit itself (outbox-signals).
 */
export class OutboxWriter {
  constructor(private readonly topicNames: TopicNames = new TopicNames()) {}

  async append(manager: EntityManager, ...envelopes: EventEnvelope[]): Promise<void> {
    const queryRunner = manager.queryRunner;
    if (!queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.append must run inside a transaction (use dataSource.transaction)');
    }
    if (envelopes.length === 0) return;
    const params: unknown[] = [];
    const rows = envelopes.map((envelope, n) => {
      const { topic, key, value, headers } = serializeEvent(envelope);
      params.push(envelope.eventId, this.topicNames.resolve(topic), key, envelope.type, value);
      params.push(JSON.stringify(headers));
      const at = n * COLUMNS;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}::jsonb)`;
    });
    const dataSource = manager.connection;
    params.push(outboxChannel(dataSource), sourceTag(dataSource));
    // One round trip. Rows get their seq in VALUES order, the order the relay publishes a key in.
    await manager.query(
      `WITH appended AS (
         INSERT INTO ${outboxTable(dataSource)} (id, topic, key, event_type, value, headers)
         VALUES ${rows.join(', ')}
       )
       SELECT pg_notify($${params.length - 1}, $${params.length})`,
      params,
    );
    markOutboxWritten(queryRunner);
  }
}
