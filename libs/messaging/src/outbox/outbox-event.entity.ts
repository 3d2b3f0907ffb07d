import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One event waiting to be (or already) published. Written in the same transaction as the
 * state change it describes; the relay publishes it later. The table lives in each
 * service's own schema (the DataSource's default schema).
 */
@Entity({ name: 'outbox_event' })
// The relay walks unpublished rows in seq order, and finds a key's earlier rows by (topic, key, seq).
@Index('ix_outbox_event_unpublished', ['seq'], { where: 'published_at IS NULL' })
@Index('ix_outbox_event_unpublished_key', ['topic', 'key', 'seq'], { where: 'published_at IS NULL' })
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

  /**
   * Set when the broker refused the row for good (too large, not authorised) parkAfterAttempts
   * times: the relay leaves it, and the later rows of its key wait behind it, until an operator
   * releases it (README, runbook).
   */
  @Column({ name: 'parked_at', type: 'timestamptz', nullable: true })
  parkedAt!: Date | null;
}
