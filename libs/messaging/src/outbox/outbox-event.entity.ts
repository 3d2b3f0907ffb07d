import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event waiting to be (or already) published. Written in the same transaction as the
 * state change it describes; the relay publishes it later. The table lives in each
 * service's own schema (the DataSource's default schema).
 */
@Entity({ name: 'outbox_event' })
@Index('ix_outbox_event_pending', ['nextAttemptAt'], { where: 'published_at IS NULL' })
export class OutboxEventEntity {
  /** The envelope's eventId: consumers deduplicate on it. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Insertion order, so the relay publishes events of one key in the order they were written. */
  @Column({ type: 'bigint', generated: 'increment' })
  seq!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  /** The serialized envelope, exactly as it goes on the wire. */
  @Column({ type: 'text' })
  value!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
