import { Message, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { backoffMs, sleep } from '../backoff';
import { MessagingLogger, silentLogger } from '../messaging-logger';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxListener } from './outbox-listener';
import { outboxTable, watchOutboxCommits } from './outbox-signals';
import { isPermanentRefusal } from './publish-refusal';

export interface OutboxRelayOptions {
  /** Rows claimed per transaction. */
  batchSize?: number;
  /**
   * How long an idle relay waits before looking again. A commit that wrote outbox rows wakes it
   * at once (in this process by the commit, in other replicas by NOTIFY), so the poll is only the
   * safety net: rows whose backoff ended, keys a killed replica held, a NOTIFY not heard.
   */
  pollIntervalMs?: number;
  /** Wake on other replicas' commits through LISTEN/NOTIFY (a connection of its own). */
  listen?: boolean;
  /** Backoff for a key whose row the broker refused: doubles per attempt up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A row the broker refuses for good (too large, not authorised) this many times is parked. */
  parkAfterAttempts?: number;
  /** Backoff while PostgreSQL itself cannot be reached. */
  initialCycleBackoffMs?: number;
  maxCycleBackoffMs?: number;
  /** Published rows are kept this long (for inspection), then purged. */
  retentionMs?: number;
  logger?: MessagingLogger;
  onPublished?: (count: number) => void;
}

/** What the relay is waiting on while PostgreSQL cannot be reached (for readiness). */
export interface RelayWait {
  since: Date;
  attempts: number;
  lastError: string;
}

/** What the relay reads of a claimed row. */
type ClaimedRow = Pick<
  OutboxEventEntity,
  'id' | 'topic' | 'key' | 'eventType' | 'value' | 'headers' | 'attempts' | 'parkedAt'
>;

interface RawClaimedRow {
  id: string;
  topic: string;
  key: string;
  event_type: string;
  value: string;
  headers: Record<string, string>;
  attempts: number;
  parked_at: Date | null;
}

const toClaimedRow = (r: RawClaimedRow): ClaimedRow => ({
  id: r.id,
  topic: r.topic,
  key: r.key,
  eventType: r.event_type,
  value: r.value,
  headers: r.headers,
  attempts: r.attempts,
  parkedAt: r.parked_at,
});

interface KeyFailure {
  /** The first row of the key that did not go out: the rows after it wait behind it. */
  row: ClaimedRow;
  error: unknown;
}

const keyOf = (row: Pick<OutboxEventEntity, 'topic' | 'key'>) => `${row.topic}\u0000${row.key}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Publishes committed outbox rows to Kafka, at least once, never for a rolled-back change, and
 * never a later event of a (topic, key) before an earlier one.
 *
 * Order per key with any number of replicas: a relay claims only heads, the oldest unpublished
 * row of each key, with FOR UPDATE SKIP LOCKED, and publishes that key's rows in seq order within
 * the same transaction. Another relay finds the same head (still unpublished while locked) and
 * skips the whole key, so every key has at most one publisher at a time, and the keys of a busy
 * outbox are spread over all replicas. A key whose publish failed keeps its head unpublished, with
 * a later next_attempt_at, so its later rows are not heads and wait. No leader is elected: a
 * killed replica's keys are free as soon as PostgreSQL drops its connection.
 *
 * Failures: a batch the broker did not take is retried per key with backoff. When the broker
 * refused it for good (a record too large, a topic not authorised), the rows are sent one by one
 * to find the culprit: the other keys go out, the culprit's key waits, and after
 * parkAfterAttempts refusals the row is parked (parked_at; an error log names it) until an
 * operator releases it. A producer whose send failed is replaced before the next send: kafkajs
 * rolls back the sequence numbers of every partition of a failed request, including partitions
 * the broker did append to, and the broker would refuse that producer's next records as out of
 * order.
 */
export class OutboxRelay {
  private readonly opts: Required<Omit<OutboxRelayOptions, 'onPublished'>> &
    Pick<OutboxRelayOptions, 'onPublished'>;
  private loopDone: Promise<void> | null = null;
  private stopping = false;
  private stopSignal = new AbortController();
  private lastReportAt = 0;
  private wakeUp: (() => void) | null = null;
  /** A wake came while a batch ran: the loop looks again at once, however many came. */
  private wakeRequested = false;
  private listener: OutboxListener | null = null;
  private unwatchCommits: (() => void) | null = null;
  private lastPurge = 0;
  private producerReady: Promise<Producer> | null = null;
  private cycleWait: RelayWait | null = null;
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly createProducer: () => Producer,
    options: OutboxRelayOptions = {},
  ) {
    this.opts = {
      batchSize: 100,
      pollIntervalMs: 500,
      listen: true,
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      parkAfterAttempts: 5,
      initialCycleBackoffMs: 100,
      maxCycleBackoffMs: 5_000,
      retentionMs: 24 * 3600_000,
      logger: silentLogger,
      ...options,
    };
    this.table = outboxTable(dataSource);
  }

  start(): void {
    if (this.loopDone) return;
    this.stopping = false;
    this.stopSignal = new AbortController();
    this.unwatchCommits = watchOutboxCommits(this.dataSource, () => this.wake());
    if (this.opts.listen) {
      this.listener = new OutboxListener(this.dataSource, () => this.wake(), { logger: this.opts.logger });
      this.listener.start();
    }
    this.loopDone = this.loop();
  }

  /**
   * Lets the batch in flight finish (graceful shutdown), then disconnects its producer and closes
   * its LISTEN connection.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    this.unwatchCommits?.();
    this.unwatchCommits = null;
    this.wakeUp?.();
    await this.loopDone;
    this.loopDone = null;
    await Promise.all([this.discardProducer(), this.listener?.stop()]);
    this.listener = null;
  }

  /**
   * Look now instead of at the next poll. Wakes coalesce: during a batch they only ask for one
   * more look right after it, so a burst of commits costs one claim per batch, not one per commit.
   */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Whether the LISTEN connection is up (false when listen is off). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Set while PostgreSQL cannot be reached, for readiness. */
  waiting(): RelayWait | null {
    return this.cycleWait;
  }

  /**
   * Claims and publishes one batch; returns how many rows were published. Four round trips:
   * BEGIN, the claim, marking the published rows, COMMIT.
   */
  publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.claim(manager);
      if (rows.length === 0) return 0;
      const { published, failures } = await this.publish(rows);
      if (published.length > 0) {
        await manager.query(`UPDATE ${this.table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [
          published.map((r) => r.id),
        ]);
        this.opts.onPublished?.(published.length);
      }
      for (const failure of failures) await this.postpone(manager, failure);
      return published.length;
    });
  }

  /**
   * In one statement: the heads of up to batchSize keys (oldest first, skipping keys another relay
   * holds, keys waiting for their next attempt and parked rows), then those keys' unpublished rows
   * in seq order, at most batchSize, each key's cut at a parked row.
   */
  private async claim(manager: EntityManager): Promise<ClaimedRow[]> {
    const rows: RawClaimedRow[] = await manager.query(
      `WITH heads AS (
         SELECT e.topic, e.key FROM ${this.table} e
          WHERE e.published_at IS NULL AND e.parked_at IS NULL AND e.next_attempt_at <= now()
            AND NOT EXISTS (SELECT 1 FROM ${this.table} p
                             WHERE p.topic = e.topic AND p.key = e.key
                               AND p.published_at IS NULL AND p.seq < e.seq)
          ORDER BY e.seq
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       SELECT r.id, r.topic, r.key, r.event_type, r.value, r.headers, r.attempts, r.parked_at,
              -- The row locks are held while Kafka answers. A replica that vanishes without
              -- closing its connection (a lost node) would hold its keys until TCP gives up: this
              -- bounds it, set for this transaction whenever it holds a lock.
              set_config('idle_in_transaction_session_timeout', '120s', true) AS idle_timeout
         FROM ${this.table} r JOIN heads h ON r.topic = h.topic AND r.key = h.key
        WHERE r.published_at IS NULL
        ORDER BY r.seq
        LIMIT $1
        FOR UPDATE OF r`,
      [this.opts.batchSize],
    );
    const blocked = new Set<string>();
    return rows.map(toClaimedRow).filter((row) => {
      if (row.parkedAt) blocked.add(keyOf(row));
      return !blocked.has(keyOf(row));
    });
  }

  /** Sends the rows; says which went out and, per key that did not, the first row that did not. */
  private async publish(rows: ClaimedRow[]): Promise<{ published: ClaimedRow[]; failures: KeyFailure[] }> {
    try {
      const producer = await this.producer();
      await producer.sendBatch({ topicMessages: toTopicMessages(rows), acks: -1 });
      return { published: rows, failures: [] };
    } catch (error) {
      await this.discardProducer();
      if (isPermanentRefusal(error)) return this.publishOneByOne(rows);
      return { published: [], failures: firstRowPerKey(rows).map((row) => ({ row, error })) };
    }
  }

  /** Finds the rows the broker refuses: every other key goes out, in order. */
  private async publishOneByOne(
    rows: ClaimedRow[],
  ): Promise<{ published: ClaimedRow[]; failures: KeyFailure[] }> {
    const published: ClaimedRow[] = [];
    const failed = new Map<string, KeyFailure>();
    let transient: unknown = null;
    for (const row of rows) {
      if (failed.has(keyOf(row))) continue;
      if (transient) {
        failed.set(keyOf(row), { row, error: transient });
        continue;
      }
      try {
        const producer = await this.producer();
        await producer.send({ topic: row.topic, messages: [toMessage(row)], acks: -1 });
        published.push(row);
      } catch (error) {
        await this.discardProducer();
        failed.set(keyOf(row), { row, error });
        // The broker went away meanwhile: the rest waits for the next attempt.
        if (!isPermanentRefusal(error)) transient = error;
      }
    }
    return { published, failures: [...failed.values()] };
  }

  private async postpone(manager: EntityManager, { row, error }: KeyFailure): Promise<void> {
    const attempts = row.attempts + 1;
    const message = errorText(error);
    const park = isPermanentRefusal(error) && attempts >= this.opts.parkAfterAttempts;
    const delayMs = backoffMs(attempts, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
    await manager
      .createQueryBuilder()
      .update(OutboxEventEntity)
      .set({
        attempts,
        lastError: message.slice(0, 2000),
        nextAttemptAt: () => `now() + make_interval(secs => ${delayMs / 1000})`,
        ...(park ? { parkedAt: () => 'now()' } : {}),
      })
      .whereInIds([row.id])
      .execute();
    const fields = {
      id: row.id,
      topic: row.topic,
      key: row.key,
      type: row.eventType,
      attempts,
      err: message,
    };
    if (park) {
      this.opts.logger.error(
        fields,
        'outbox event parked: the broker refuses it for good; later events of its key wait behind it (see the runbook)',
      );
    } else {
      this.opts.logger.warn({ ...fields, retryInMs: delayMs }, 'outbox publish failed; will retry');
    }
  }

  /** Unpublished rows (parked ones apart) and the age of the oldest, for metrics and readiness. */
  async lag(): Promise<{ pending: number; oldestAgeSeconds: number; parked: number }> {
    const row = await this.dataSource
      .createQueryBuilder(OutboxEventEntity, 'e')
      .select('count(*) FILTER (WHERE e.parked_at IS NULL)::int', 'pending')
      .addSelect('count(*) FILTER (WHERE e.parked_at IS NOT NULL)::int', 'parked')
      .addSelect(
        'coalesce(extract(epoch FROM now() - min(e.created_at) FILTER (WHERE e.parked_at IS NULL)), 0)::float',
        'age',
      )
      .where('e.published_at IS NULL')
      .getRawOne<{ pending: number; parked: number; age: number }>();
    return { pending: row?.pending ?? 0, oldestAgeSeconds: row?.age ?? 0, parked: row?.parked ?? 0 };
  }

  private producer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const producer = this.createProducer();
      await producer.connect();
      return producer;
    })();
    return this.producerReady;
  }

  private async discardProducer(): Promise<void> {
    const ready = this.producerReady;
    this.producerReady = null;
    await ready?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let published = 0;
      this.wakeRequested = false;
      try {
        published = await this.publishBatch();
        await this.purgeOccasionally();
        this.cycleSucceeded();
      } catch (error) {
        // PostgreSQL itself failed: nothing was claimed or marked, so nothing is lost.
        await this.cycleFailed(error);
        continue;
      }
      if (published < this.opts.batchSize && !this.stopping) await this.idle(this.opts.pollIntervalMs);
    }
  }

  /** A warning when PostgreSQL goes away, an error about once a minute while it stays away. */
  private async cycleFailed(error: unknown): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    const wait = (this.cycleWait ??= { since: new Date(now), attempts: 0, lastError: '' });
    wait.attempts += 1;
    wait.lastError = errorText(error);
    const fields = { err: wait.lastError, attempt: wait.attempts, waitingSince: wait.since.toISOString() };
    if (wait.attempts === 1) {
      this.lastReportAt = now;
      this.opts.logger.warn(fields, 'outbox relay waiting on PostgreSQL; retrying');
    } else if (now - this.lastReportAt >= 60_000) {
      this.lastReportAt = now;
      this.opts.logger.error(fields, 'outbox relay cycle failed; still waiting on PostgreSQL');
    }
    await sleep(
      backoffMs(wait.attempts, this.opts.initialCycleBackoffMs, this.opts.maxCycleBackoffMs),
      this.stopSignal.signal,
    );
  }

  private cycleSucceeded(): void {
    if (!this.cycleWait) return;
    const { since, attempts } = this.cycleWait;
    this.cycleWait = null;
    this.opts.logger.info({ attempts, waitedMs: Date.now() - since.getTime() }, 'outbox relay resumed');
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
    if (this.wakeRequested) return Promise.resolve();
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

function firstRowPerKey(rows: ClaimedRow[]): ClaimedRow[] {
  const first = new Map<string, ClaimedRow>();
  for (const row of rows) if (!first.has(keyOf(row))) first.set(keyOf(row), row);
  return [...first.values()];
}

const toMessage = (row: ClaimedRow): Message => ({
  key: row.key,
  value: row.value,
  headers: row.headers,
});

function toTopicMessages(rows: ClaimedRow[]) {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push(toMessage(row));
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
