import { ContractViolationError, EventEnvelope, parseEvent } from '@actionhub/contracts';
import { runWithCorrelation } from '@actionhub/service-kit';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { backoffMs } from '../backoff';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { MessagingLogger, silentLogger } from '../messaging-logger';
import { DeadLetterReason, deadLetterMessage, dlqTopicOf } from './dead-letter';
import { EventHandler, PoisonEventError } from './event-handler';
import { FailureCause, failureCause } from './failure-cause';
import { MessagePosition, PartitionWait, PartitionWaits } from './partition-waits';

export type ConsumeOutcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

export interface IdempotentConsumerOptions {
  groupId: string;
  /** Physical topic names (already prefixed). */
  topics: string[];
  handlers: EventHandler[];
  /** Backoff between attempts at a failing event: doubles from initialBackoffMs up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** From this attempt on, a handler that keeps failing is logged as an error (about once a minute). */
  reportAfterAttempts?: number;
  /**
   * How long the group waits for a silent member before giving its partitions to the others. The
   * broker's minimum (group.min.session.timeout.ms) is 6 s by default; heartbeats go out every
   * heartbeatIntervalMs, also while a handler runs, so a slow event does not cost the partition.
   */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  partitionsConsumedConcurrently?: number;
  /**
   * Most messages of a partition consumed in one transaction (one inbox INSERT, one COMMIT).
   * 1 consumes one by one.
   */
  maxBatchSize?: number;
  logger?: MessagingLogger;
  onOutcome?: (outcome: ConsumeOutcome, eventType: string | undefined) => void;
  /** Each failed attempt, by what it waited on. */
  onFailure?: (cause: FailureCause, eventType: string | undefined) => void;
}

/** Thrown out of the transaction when a handler's own code failed, to tell its errors apart. */
class HandlerFailure {
  constructor(
    readonly error: unknown,
    /** Which message of the run it was handling. */
    readonly at: number,
  ) {}
}

interface ParsedMessage {
  poison?: { reason: DeadLetterReason; error: unknown };
  type?: string;
  handler?: EventHandler;
  event?: EventEnvelope;
}

/** A fetched message, what it holds and where it is. */
interface Item {
  message: KafkaMessage;
  parsed: ParsedMessage;
  where: MessagePosition;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Consumes events with exactly-once effect on top of at-least-once delivery: the inbox row
 * (consumer group, eventId) and the handler's effect commit in one transaction, and the offset is
 * committed only afterwards. A crash in between means redelivery, which the inbox turns into a
 * no-op.
 *
 * Runs of up to maxBatchSize messages of a partition share one transaction: their inbox rows go in
 * with one INSERT, their handlers run in offset order, and one COMMIT makes all their effects
 * visible at once. When a run fails, what decides is where: a handler's failure at the n-th
 * message commits the messages before it again as a run, then deals with that message as if it
 * had failed alone (a rejection goes to the DLQ at once, anything else is retried); a failure
 * outside the handlers (BEGIN, the inbox rows, COMMIT) goes over the run one message at a time.
 * A partition that waits on a message retries that message alone.
 *
 * Only poison goes to `<topic>.dlq` (malformed bytes, a contract violation, a handler's
 * rejectEvent). Any other failure pauses the message's partition, which keeps the order of its
 * keys, and tries the same message again with capped backoff for as long as it takes, while the
 * other partitions keep flowing: a PostgreSQL or Kafka outage is waited out (readiness says so,
 * see `waits()`), and a handler that keeps throwing is logged as an error and counted, and moves
 * on once fixed and deployed.
 */
export class IdempotentConsumer {
  private readonly handlers = new Map<string, EventHandler>();
  private inboxTable = '';
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private running = false;
  private starting: Promise<void> | null = null;
  private readonly waiting: PartitionWaits;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly opts: Required<Omit<IdempotentConsumerOptions, 'onOutcome' | 'onFailure'>> &
    Pick<IdempotentConsumerOptions, 'onOutcome' | 'onFailure'>;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    options: IdempotentConsumerOptions,
  ) {
    this.opts = {
      initialBackoffMs: 200,
      maxBackoffMs: 5_000,
      reportAfterAttempts: 5,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
      partitionsConsumedConcurrently: 1,
      maxBatchSize: 50,
      logger: silentLogger,
      ...options,
    };
    this.waiting = new PartitionWaits(this.opts.logger, this.opts.reportAfterAttempts);
    for (const handler of options.handlers) {
      if (this.handlers.has(handler.eventType)) {
        throw new Error(`Two handlers for ${handler.eventType} in consumer group ${options.groupId}`);
      }
      this.handlers.set(handler.eventType, handler);
    }
  }

  get groupId(): string {
    return this.opts.groupId;
  }

  /** Partitions paused on a failing message, oldest wait first. */
  waits(): PartitionWait[] {
    return this.waiting.list();
  }

  start(): Promise<void> {
    this.running = true;
    this.starting = this.open();
    return this.starting;
  }

  private async open(): Promise<void> {
    const { schema, tableName } = this.dataSource.getMetadata(InboxMessageEntity);
    this.inboxTable = schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;
    this.dlqProducer = createIdempotentProducer(this.kafka);
    await this.dlqProducer.connect();
    // A short fetch wait keeps shutdown quick: disconnect waits for the fetch in flight.
    const consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: this.opts.heartbeatIntervalMs,
      maxWaitTimeInMs: 1_000,
    });
    this.consumer = consumer;
    // A partition that moved to another member is no longer this one's to wait on.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.waiting.keepOnly(payload.memberAssignment));
    await consumer.connect();
    await consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    // Stopped while connecting (shutdown during start-up): do not join the group at all; the
    // stop waiting on this start disconnects what it opened.
    if (!this.running) return;
    await consumer.run({
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  /** Finishes the message in hand, commits, and leaves the group. */
  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    // A kafkajs consumer disconnected while run() is still joining its group goes on fetching and
    // heartbeating afterwards: let the start finish (or fail) first.
    await this.starting?.catch(() => undefined);
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = null;
    this.dlqProducer = null;
    this.waiting.clear();
  }

  /**
   * Offsets are resolved once a run's effects committed (or its messages were parked). On a
   * failure the partition pauses and the batch ends there: kafkajs fetches again from the first
   * unresolved offset once the partition resumes.
   */
  private async onBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload) {
    const { topic, partition } = batch;
    const items = batch.messages.map((message) => ({
      message,
      parsed: this.parse(message),
      where: { topic, partition, offset: message.offset },
    }));
    for (let from = 0; from < items.length;) {
      if (!isRunning() || isStale() || !this.running) return;
      const run = this.nextRun(items, from);
      const done = await this.withHeartbeats(heartbeat, () => this.consumeRun(run));
      if (done > 0) resolveOffset(run[done - 1]!.message.offset);
      if (done < run.length) {
        if (this.running) this.retryLater(topic, partition, pause);
        return;
      }
      from += run.length;
      await heartbeat();
    }
  }

  /**
   * The messages to consume together next: up to maxBatchSize in a row. Poison, the events of a
   * handler that is not batchable, and the message a paused partition is retrying go alone.
   */
  private nextRun(items: Item[], from: number): Item[] {
    const first = items[from]!;
    const alone = (item: Item) =>
      item.parsed.poison !== undefined || item.parsed.handler?.batchable === false;
    if (alone(first) || this.waiting.attempts(first.where.topic, first.where.partition) > 0) return [first];
    let to = from + 1;
    while (to < items.length && to - from < this.opts.maxBatchSize && !alone(items[to]!)) to++;
    return items.slice(from, to);
  }

  /** Keeps the group membership alive while one run takes long (a slow query, a waiting pool). */
  private async withHeartbeats<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(
      () => heartbeat().catch(() => undefined), // a rebalance surfaces at the heartbeat after the run
      this.opts.heartbeatIntervalMs,
    );
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  private retryLater(topic: string, partition: number, pause: () => () => void): void {
    const resume = pause();
    const attempts = Math.max(1, this.waiting.attempts(topic, partition));
    const delay = backoffMs(attempts, this.opts.initialBackoffMs, this.opts.maxBackoffMs);
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      if (this.running) resume();
    }, delay).unref();
    this.resumeTimers.add(timer);
  }

  /**
   * Consumes a run of messages; answers how many of them, from the first, are done with (their
   * effects committed, duplicates, ignored or parked). The rest wait for a retry.
   */
  private async consumeRun(run: Item[]): Promise<number> {
    const first = run[0]!;
    if (first.parsed.poison) {
      const { reason, error } = first.parsed.poison;
      return (await this.deadLetterOrWait(first, reason, error)) ? 1 : 0;
    }
    let outcomes: ConsumeOutcome[];
    try {
      // Topics carry every event of their producer; this group only cares for some.
      outcomes = run.some((item) => item.parsed.event)
        ? await this.dataSource.transaction((manager) => this.applyOnce(manager, run))
        : run.map(() => 'ignored');
    } catch (thrown) {
      if (!this.running) return 0; // shutting down: the messages come back to whoever runs next
      if (thrown instanceof HandlerFailure) return this.afterHandlerFailure(run, thrown);
      // BEGIN, the inbox rows or COMMIT failed: one message at a time shows whether one of them
      // is the cause, and a PostgreSQL that is away is waited out on the first.
      if (run.length > 1) return this.oneByOne(run);
      this.failed(first, thrown, false);
      return 0;
    }
    this.waiting.recovered(first.where);
    run.forEach((item, n) =>
      this.opts.onOutcome?.(outcomes[n]!, item.parsed.event?.type ?? item.parsed.type),
    );
    return run.length;
  }

  private async oneByOne(run: Item[]): Promise<number> {
    for (let n = 0; n < run.length; n++) {
      if (!this.running || (await this.consumeRun([run[n]!])) === 0) return n;
    }
    return run.length;
  }

  /**
   * The handler of run[at] failed, which rolled back the whole run. The messages before it commit
   * again as a run; then run[at] is dealt with as if it had failed alone. Its transaction saw what
   * the messages before it did, so alone it would have failed the same: a rejection goes to the DLQ
   * without running the handler once more, and any other failure is its first attempt.
   */
  private async afterHandlerFailure(run: Item[], { at, error }: HandlerFailure): Promise<number> {
    const before = at > 0 ? await this.consumeRun(run.slice(0, at)) : 0;
    if (before < at) return before;
    const item = run[at]!;
    if (!(error instanceof PoisonEventError)) {
      this.failed(item, error, true);
      return at;
    }
    if (!(await this.deadLetterOrWait(item, 'rejected', error))) return at;
    const rest = run.slice(at + 1);
    return at + 1 + (rest.length > 0 ? await this.consumeRun(rest) : 0);
  }

  /**
   * Inside the run's transaction: records the run's events in the inbox with one INSERT, then runs
   * the handlers of those that were new, in offset order. Answers each message's outcome.
   */
  private async applyOnce(manager: EntityManager, run: Item[]): Promise<ConsumeOutcome[]> {
    const events = run.flatMap((item) => (item.parsed.event ? [item.parsed.event] : []));
    const fresh = await this.recordInInbox(manager, events);
    const outcomes: ConsumeOutcome[] = [];
    for (const [n, { parsed, where }] of run.entries()) {
      const { event, handler } = parsed;
      if (!event || !handler) {
        outcomes.push('ignored');
        continue;
      }
      // The first of the same event twice in a run is the new one; the inbox drops the rest.
      if (!fresh.delete(event.eventId.toLowerCase())) {
        outcomes.push('duplicate');
        continue;
      }
      // Log lines and calls made by the handler carry the event's correlation id.
      const context = { correlationId: event.correlationId, eventId: event.eventId };
      try {
        await runWithCorrelation(context, () => handler.handle(event, { manager, ...where }));
      } catch (error) {
        throw new HandlerFailure(error, n);
      }
      outcomes.push('processed');
    }
    return outcomes;
  }

  /** Inserts the events' inbox rows; answers the ids that were not there yet (lower case). */
  private async recordInInbox(manager: EntityManager, events: EventEnvelope[]): Promise<Set<string>> {
    const inserted: { event_id: string }[] = await manager.query(
      `INSERT INTO ${this.inboxTable} (consumer_group, event_id, event_type)
       SELECT $1::text, id, type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
       ON CONFLICT DO NOTHING
       RETURNING event_id`,
      [this.opts.groupId, events.map((e) => e.eventId), events.map((e) => e.type)],
    );
    return new Set(inserted.map((row) => row.event_id.toLowerCase()));
  }

  /** Records a failed attempt at the item's message: its partition waits and retries it. */
  private failed({ where, parsed }: Item, error: unknown, inHandler: boolean): void {
    const cause = failureCause(error, inHandler);
    this.waiting.failed(where, parsed.event, cause, error);
    this.opts.onFailure?.(cause, parsed.event?.type);
  }

  /** Parks the item's message; false (and a wait) when the DLQ could not take it. */
  private async deadLetterOrWait(item: Item, reason: DeadLetterReason, error: unknown): Promise<boolean> {
    try {
      await this.deadLetter(item.where, item.message, reason, error, item.parsed.event);
      this.waiting.recovered(item.where);
      return true;
    } catch (thrown) {
      if (this.running) this.failed(item, thrown, false);
      return false;
    }
  }

  private parse(message: KafkaMessage): ParsedMessage {
    let raw: unknown;
    try {
      raw = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch (error) {
      return { poison: { reason: 'malformed', error } };
    }
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    const handler = typeof type === 'string' ? this.handlers.get(type) : undefined;
    if (!handler) return { type: typeof type === 'string' ? type : undefined };
    try {
      return { type: handler.eventType, handler, event: parseEvent(raw) };
    } catch (error) {
      const reason = error instanceof ContractViolationError ? 'contract_violation' : 'malformed';
      return { poison: { reason, error } };
    }
  }

  private async deadLetter(
    where: MessagePosition,
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: unknown,
    event?: EventEnvelope,
  ): Promise<void> {
    const origin = { topic: where.topic, partition: where.partition, groupId: this.opts.groupId };
    const text = errorText(error);
    // If this send fails, it is a Kafka failure like any other: the partition waits and retries.
    await this.dlqProducer!.send({
      topic: dlqTopicOf(where.topic),
      acks: -1,
      messages: [deadLetterMessage(message, origin, { reason, error: text })],
    });
    this.opts.logger.error(
      {
        reason,
        err: text,
        topic: where.topic,
        partition: where.partition,
        offset: where.offset,
        eventId: event?.eventId,
        type: event?.type,
        correlationId: event?.correlationId,
      },
      'message moved to the dead-letter topic',
    );
    this.opts.onOutcome?.('dead-lettered', event?.type);
  }
}
