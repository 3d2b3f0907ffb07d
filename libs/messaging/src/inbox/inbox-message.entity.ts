import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Marks an event as handled by one consumer group. Inserted in the same transaction as the
 * handler's effect, so a redelivered or duplicated event finds its row and changes nothing.
 */
@Entity({ name: 'inbox_message' })
export class InboxMessageEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}
