import { ContractViolationError, EventEnvelope, parseEvent } from '@actionhub/contracts';
import { runWithCorrelation } from '@actionhub/service-kit';
import { Consumer, EachMessagePayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { backoffMs, sleep } from '../backoff';
import { InboxMessageEntity } from '../inbox/inbox-message.entity';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { MessagingLogger, silentLogger } from '../messaging-logger';
import { DeadLetterReason, deadLetterMessage, dlqTopicOf } from './dead-letter';
import { EventHandler, NonRetriableError } from './event-handler';

export type ConsumeOutcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

export interface IdempotentConsumerOptions {
  groupId: string;
  /** Physical topic names (already prefixed). */
  topics: string[];
  handlers: EventHandler[];
  /** Attempts for a failing handler before the message goes to `<topic>.dlq`. */
  maxAttempts?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  partitionsConsumedConcurrently?: number;
  logger?: MessagingLogger;
  onOutcome?: (outcome: ConsumeOutcome, eventType: string | undefined) => void;
}

/**
 * Consumes events with exactly-once effect on top of at-least-once delivery: the inbox row
 * (consumer group, eventId) and the handler's effect commit in one transaction, and the
 * offset is committed only afterwards. A crash in between means redelivery, which the inbox
 * turns into a no-op. Poison messages go to `<topic>.dlq` and the partition moves on.
 */
export class IdempotentConsumer {
  private readonly handlers = new Map<string, EventHandler>();
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private readonly opts: Required<Omit<IdempotentConsumerOptions, 'onOutcome'>> &
    Pick<IdempotentConsumerOptions, 'onOutcome'>;

  constructor(
    private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    options: IdempotentConsumerOptions,
  ) {
    this.opts = {
      maxAttempts: 5,
      initialBackoffMs: 200,
      maxBackoffMs: 5_000,
      partitionsConsumedConcurrently: 1,
      logger: silentLogger,
      ...options,
    };
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

  async start(): Promise<void> {
    this.dlqProducer = createIdempotentProducer(this.kafka);
    await this.dlqProducer.connect();
    // Heartbeats keep flowing while a handler retries, so the retry budget stays well below the session timeout.
    // A short fetch wait keeps shutdown quick: disconnect waits for the fetch in flight.
    this.consumer = this.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: 30_000,
      maxWaitTimeInMs: 1_000,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    await this.consumer.run({
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently,
      eachMessage: (payload) => this.onMessage(payload),
    });
  }

  /** Finishes the message in hand, commits, and leaves the group. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = null;
    this.dlqProducer = null;
  }

  private async onMessage({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const origin = { topic, partition, groupId: this.opts.groupId };
    let raw: unknown;
    try {
      raw = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch (error) {
      return this.deadLetter(origin, message, 'malformed', error, 0);
    }
    const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
    const handler = typeof type === 'string' ? this.handlers.get(type) : undefined;
    if (!handler) {
      // Topics carry every event of their producer; this group only cares for some.
      this.opts.onOutcome?.('ignored', typeof type === 'string' ? type : undefined);
      return;
    }
    let event: EventEnvelope;
    try {
      event = parseEvent(raw);
    } catch (error) {
      const reason = error instanceof ContractViolationError ? 'contract_violation' : 'malformed';
      return this.deadLetter(origin, message, reason, error, 0);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.applyOnce(handler, event, { topic, partition, offset: message.offset });
        this.opts.onOutcome?.(outcome, event.type);
        return;
      } catch (error) {
        const log = { eventId: event.eventId, type: event.type, correlationId: event.correlationId, attempt };
        if (error instanceof NonRetriableError) {
          return this.deadLetter(origin, message, 'non_retriable', error, attempt, event);
        }
        if (attempt >= this.opts.maxAttempts) {
          return this.deadLetter(origin, message, 'retries_exhausted', error, attempt, event);
        }
        this.opts.logger.warn({ ...log, err: (error as Error).message }, 'event handler failed; retrying');
        await sleep(backoffMs(attempt, this.opts.initialBackoffMs, this.opts.maxBackoffMs));
      }
    }
  }

  private applyOnce(
    handler: EventHandler,
    event: EventEnvelope,
    where: { topic: string; partition: number; offset: string },
  ): Promise<ConsumeOutcome> {
    // Log lines and calls made by the handler carry the event's correlation id.
    const context = { correlationId: event.correlationId, eventId: event.eventId };
    return runWithCorrelation(context, () => this.transaction(handler, event, where));
  }

  private transaction(
    handler: EventHandler,
    event: EventEnvelope,
    where: { topic: string; partition: number; offset: string },
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
      await handler.handle(event, { manager, ...where });
      return 'processed';
    });
  }

  private async deadLetter(
    origin: { topic: string; partition: number; groupId: string },
    message: KafkaMessage,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
    event?: EventEnvelope,
  ): Promise<void> {
    const text = error instanceof Error ? error.message : String(error);
    // If this send fails, the error propagates, the offset is not committed, and the message comes back.
    await this.dlqProducer!.send({
      topic: dlqTopicOf(origin.topic),
      acks: -1,
      messages: [deadLetterMessage(message, origin, { reason, error: text, attempts })],
    });
    this.opts.logger.error(
      {
        reason,
        err: text,
        attempts,
        topic: origin.topic,
        offset: message.offset,
        eventId: event?.eventId,
        type: event?.type,
        correlationId: event?.correlationId,
      },
      'message moved to the dead-letter topic',
    );
    this.opts.onOutcome?.('dead-lettered', event?.type);
  }
}
