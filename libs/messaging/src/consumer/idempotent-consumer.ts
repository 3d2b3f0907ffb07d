import { ContractViolationError, EventEnvelope, parseEvent } from '@actionhub/contracts';
import { runWithCorrelation } from '@actionhub/service-kit';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
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
  logger?: MessagingLogger;
  onOutcome?: (outcome: ConsumeOutcome, eventType: string | undefined) => void;
  /** Each failed attempt, by what it waited on. */
  onFailure?: (cause: FailureCause, eventType: string | undefined) => void;
}

/** Thrown out of the transaction when the handler's own code failed, to tell its errors apart. */
class HandlerFailure {
  constructor(readonly error: unknown) {}
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Consumes events with exactly-once effect on top of at-least-once delivery: the inbox row
 * (consumer group, eventId) and the handler's effect commit in one transaction, and the offset is
 * committed only afterwards. A crash in between means redelivery, which the inbox turns into a
 * no-op.
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
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private running = false;
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

  async start(): Promise<void> {
    this.running = true;
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
    // Stopped while connecting (shutdown during start-up): do not join the group at all.
    if (!this.running) return this.stop();
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
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = null;
    this.dlqProducer = null;
    this.waiting.clear();
  }

  /**
   * Offsets are resolved one message at a time, after its effect committed (or it was parked). On
   * a failure the partition pauses and the batch ends there: kafkajs fetches again from the first
   * unresolved offset once the partition resumes.
   */
  private async onBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload) {
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || !this.running) return;
      const done = await this.withHeartbeats(heartbeat, () =>
        this.consume(batch.topic, batch.partition, message),
      );
      if (!done) {
        if (this.running) this.retryLater(batch.topic, batch.partition, pause);
        return;
      }
      resolveOffset(message.offset);
      await heartbeat();
    }
  }

  /** Keeps the group membership alive while one message takes long (a slow query, a waiting pool). */
  private async withHeartbeats<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    const timer = setInterval(
      () => heartbeat().catch(() => undefined), // a rebalance surfaces at the heartbeat after the message
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

  /** True once the message is done with (its effect committed, a duplicate, ignored or parked). */
  private async consume(topic: string, partition: number, message: KafkaMessage): Promise<boolean> {
    const where = { topic, partition, offset: message.offset };
    let event: EventEnvelope | undefined;
    try {
      const parsed = this.parse(message);
      if (parsed.poison) {
        await this.deadLetter(where, message, parsed.poison.reason, parsed.poison.error);
      } else if (!parsed.handler || !parsed.event) {
        // Topics carry every event of their producer; this group only cares for some.
        this.opts.onOutcome?.('ignored', parsed.type);
      } else {
        event = parsed.event;
        const outcome = await this.applyOnce(parsed.handler, event, where);
        if (outcome instanceof PoisonEventError) {
          await this.deadLetter(where, message, 'rejected', outcome, event);
        } else {
          this.opts.onOutcome?.(outcome, event.type);
        }
      }
      this.waiting.recovered(where);
      return true;
    } catch (thrown) {
      if (!this.running) return false; // shutting down: the message comes back to whoever runs next
      const inHandler = thrown instanceof HandlerFailure;
      const error = inHandler ? thrown.error : thrown;
      const cause = failureCause(error, inHandler);
      this.waiting.failed(where, event, cause, error);
      this.opts.onFailure?.(cause, event?.type);
      return false;
    }
  }

  private parse(message: KafkaMessage): {
    poison?: { reason: DeadLetterReason; error: unknown };
    type?: string;
    handler?: EventHandler;
    event?: EventEnvelope;
  } {
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

  private async applyOnce(
    handler: EventHandler,
    event: EventEnvelope,
    where: MessagePosition,
  ): Promise<ConsumeOutcome | PoisonEventError> {
    // Log lines and calls made by the handler carry the event's correlation id.
    const context = { correlationId: event.correlationId, eventId: event.eventId };
    try {
      return await runWithCorrelation(context, () => this.transaction(handler, event, where));
    } catch (thrown) {
      // The handler's deliberate rejection: its transaction rolled back, the event is parked.
      if (thrown instanceof HandlerFailure && thrown.error instanceof PoisonEventError) return thrown.error;
      throw thrown;
    }
  }

  private transaction(
    handler: EventHandler,
    event: EventEnvelope,
    where: MessagePosition,
  ): Promise<ConsumeOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(InboxMessageEntity)
        .values({ consumerGroup: this.opts.groupId, eventId: event.eventId, eventType: event.type })
        .orIgnore()
        .returning(['eventId'])
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return 'duplicate';
      try {
        await handler.handle(event, { manager, ...where });
      } catch (error) {
        throw new HandlerFailure(error);
      }
      return 'processed';
    });
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
