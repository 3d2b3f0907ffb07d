import { Message, Producer } from 'kafkajs';
import { DataSource, EntityManager, In } from 'typeorm';
import { backoffMs } from '../backoff';
import { MessagingLogger, silentLogger } from '../messaging-logger';
import { OutboxEventEntity } from './outbox-event.entity';

export interface OutboxRelayOptions {
  /** Rows claimed per transaction. */
  batchSize?: number;
  /** How long an idle relay waits before looking again. */
  pollIntervalMs?: number;
  /** Backoff for a batch the broker refused: doubles per attempt up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Published rows are kept this long (for inspection), then purged. */
  retentionMs?: number;
  logger?: MessagingLogger;
  onPublished?: (count: number) => void;
}

/**
 * Publishes committed outbox rows to Kafka, at least once and never for a rolled-back change.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of replicas can run a relay:
 * each row is held by one of them while it is sent and marked published in the same
 * transaction. A failed send never drops a row; it is retried later with backoff.
 */
export class OutboxRelay {
  private readonly opts: Required<Omit<OutboxRelayOptions, 'onPublished'>> &
    Pick<OutboxRelayOptions, 'onPublished'>;
  private loopDone: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    options: OutboxRelayOptions = {},
  ) {
    this.opts = {
      batchSize: 100,
      pollIntervalMs: 100,
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      retentionMs: 24 * 3600_000,
      logger: silentLogger,
      ...options,
    };
  }

  start(): void {
    if (this.loopDone) return;
    this.stopping = false;
    this.loopDone = this.loop();
  }

  /** Lets the batch in flight finish (graceful shutdown), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loopDone;
    this.loopDone = null;
  }

  /** Poll now instead of at the next interval (after a local commit, for example). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Claims and publishes one batch; returns how many rows were published. */
  publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEventEntity, 'e')
        .where('e.published_at IS NULL')
        .andWhere('e.next_attempt_at <= now()')
        .orderBy('e.seq', 'ASC')
        .limit(this.opts.batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      try {
        await this.producer.sendBatch({ topicMessages: toTopicMessages(rows), acks: -1 });
      } catch (error) {
        await this.postpone(manager, rows, error);
        return 0;
      }
      await manager.update(
        OutboxEventEntity,
        { id: In(rows.map((r) => r.id)) },
        { publishedAt: () => 'now()' },
      );
      this.opts.onPublished?.(rows.length);
      return rows.length;
    });
  }

  /** Unpublished rows and the age of the oldest, for metrics and readiness. */
  async lag(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const row = await this.dataSource
      .createQueryBuilder(OutboxEventEntity, 'e')
      .select('count(*)::int', 'pending')
      .addSelect('coalesce(extract(epoch FROM now() - min(e.created_at)), 0)::float', 'age')
      .where('e.published_at IS NULL')
      .getRawOne<{ pending: number; age: number }>();
    return { pending: row?.pending ?? 0, oldestAgeSeconds: row?.age ?? 0 };
  }

  private async postpone(manager: EntityManager, rows: OutboxEventEntity[], error: unknown): Promise<void> {
    const attempts = Math.max(...rows.map((r) => r.attempts)) + 1;
    const delayMs = backoffMs(attempts, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
    const message = error instanceof Error ? error.message : String(error);
    await manager
      .createQueryBuilder()
      .update(OutboxEventEntity)
      .set({
        attempts: () => 'attempts + 1',
        lastError: message.slice(0, 2000),
        nextAttemptAt: () => `now() + make_interval(secs => ${delayMs / 1000})`,
      })
      .whereInIds(rows.map((r) => r.id))
      .execute();
    this.opts.logger.warn(
      { count: rows.length, attempts, retryInMs: delayMs, err: message },
      'outbox publish failed; will retry',
    );
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let published = 0;
      try {
        published = await this.publishBatch();
        await this.purgeOccasionally();
      } catch (error) {
        // The database itself is unreachable: nothing was claimed, so nothing is lost.
        this.opts.logger.error({ err: (error as Error).message }, 'outbox relay cycle failed');
      }
      if (published < this.opts.batchSize && !this.stopping) await this.idle(this.opts.pollIntervalMs);
    }
  }

  private async purgeOccasionally(): Promise<void> {
    if (Date.now() - this.lastPurge < 10 * 60_000) return;
    this.lastPurge = Date.now();
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxEventEntity)
      .where('published_at < now() - make_interval(secs => :secs)', { secs: this.opts.retentionMs / 1000 })
      .execute();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}

function toTopicMessages(rows: OutboxEventEntity[]) {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.key, value: row.value, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
