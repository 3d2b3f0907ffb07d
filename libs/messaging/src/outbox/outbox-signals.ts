import { createHash, randomUUID } from 'node:crypto';
import {
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { OutboxEventEntity } from './outbox-event.entity';

// How a committed outbox row reaches a relay at once instead of at its next poll: in the process
// that wrote it, a TypeORM subscriber sees the commit; in every other replica, PostgreSQL delivers
// the NOTIFY that the row's INSERT sent (NOTIFY is transactional: delivered on commit, never for a
// rollback, and folded into one per transaction).

const NAME_MAX_BYTES = 63; // PostgreSQL truncates identifiers (channel names) beyond this
const OUTBOX_WRITTEN = 'actionhubOutboxWritten';
const tags = new WeakMap<DataSource, string>();

/** The outbox table's name, schema-qualified when the DataSource has a schema. */
export function outboxTable(dataSource: DataSource): string {
  const { schema, tableName } = dataSource.getMetadata(OutboxEventEntity);
  return schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
}

/** The NOTIFY channel of one schema's outbox: every relay on that schema listens to it. */
export function outboxChannel(dataSource: DataSource): string {
  const schema = dataSource.getMetadata(OutboxEventEntity).schema ?? 'public';
  const channel = `outbox.${schema}`;
  return Buffer.byteLength(channel) <= NAME_MAX_BYTES
    ? channel
    : `outbox.${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/**
 * Names the DataSource a notification was sent through (its payload). A relay on that same
 * DataSource was already woken by the commit itself, and skips the notification.
 */
export function sourceTag(dataSource: DataSource): string {
  let tag = tags.get(dataSource);
  if (!tag) tags.set(dataSource, (tag = randomUUID()));
  return tag;
}

// QueryRunner.data is TypeORM's place for what subscribers need to know about a transaction.
const flags = (queryRunner: QueryRunner) => queryRunner.data as Record<string, unknown>;

/** Notes that the transaction of `queryRunner` appended outbox rows. */
export function markOutboxWritten(queryRunner: QueryRunner): void {
  flags(queryRunner)[OUTBOX_WRITTEN] = true;
}

/**
 * Tells its listeners after each top-level commit of a transaction that appended outbox rows (a
 * savepoint's release is not a commit). One per DataSource, whatever the number of relays on it.
 */
class OutboxCommitSubscriber implements EntitySubscriberInterface {
  readonly listeners = new Set<() => void>();

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    if (queryRunner.isTransactionActive || !flags(queryRunner)[OUTBOX_WRITTEN]) return;
    flags(queryRunner)[OUTBOX_WRITTEN] = false;
    for (const listener of this.listeners) listener();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    if (!queryRunner.isTransactionActive) flags(queryRunner)[OUTBOX_WRITTEN] = false;
  }
}

const commitSubscribers = new WeakMap<DataSource, OutboxCommitSubscriber>();

/** Calls `onCommit` after every commit that wrote outbox rows through `dataSource`; returns the undo. */
export function watchOutboxCommits(dataSource: DataSource, onCommit: () => void): () => void {
  let subscriber = commitSubscribers.get(dataSource);
  if (!subscriber) {
    subscriber = new OutboxCommitSubscriber();
    commitSubscribers.set(dataSource, subscriber);
    // The broadcaster reads this list at every commit, so a subscriber added at runtime is heard.
    (dataSource.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }
  const listener = () => onCommit();
  subscriber.listeners.add(listener);
  return () => subscriber.listeners.delete(listener);
}
