import { eventDefinition } from '@actionhub/contracts';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { backoffMs, sleep } from '../backoff';
import { EventHandler } from '../consumer/event-handler';
import { ConsumeOutcome, IdempotentConsumer } from '../consumer/idempotent-consumer';
import { causeLabel, FailureCause, isPoolBusy } from '../consumer/failure-cause';
import { dlqTopicOf } from '../consumer/dead-letter';
import { createIdempotentProducer, ensureTopics } from '../kafka/kafka-client';
import { kafkaSecurityFailure } from '../kafka/kafka-security';
import { TopicNames } from '../kafka/topic-names';
import { OutboxRelay } from '../outbox/outbox-relay';
import {
  KAFKA,
  MESSAGING_HANDLERS,
  MESSAGING_PUBLISHES,
  MESSAGING_SETTINGS,
  MessagingSettings,
} from './messaging.options';

/** How long Kafka may take to answer a service that boots with it before that is worth an error. */
const STARTUP_GRACE_MS = 30_000;

/**
 * Starts the outbox relay and the service's consumer once the app is wired, and stops them
 * in the order graceful shutdown needs: the consumer leaves its group before the HTTP server
 * closes, the relay publishes what the last requests wrote after it has closed.
 */
@Injectable()
export class MessagingLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private relay: OutboxRelay | null = null;
  private consumer: IdempotentConsumer | null = null;
  private shuttingDown = false;
  private readonly shutdownSignal = new AbortController();
  private started: Promise<void> = Promise.resolve();
  private startFailure: { since: Date; error: string } | null = null;
  private consumedTopicNames: string[] = [];
  private readonly outcomeListeners: ((outcome: ConsumeOutcome, eventType: string | undefined) => void)[] =
    [];
  private readonly failureListeners: ((cause: FailureCause, eventType: string | undefined) => void)[] = [];

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    @Inject(MESSAGING_HANDLERS) private readonly handlerTypes: Type<EventHandler>[],
    @Inject(MESSAGING_PUBLISHES) private readonly publishes: string[],
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Kafka may still be starting (or briefly away) when the service boots: the HTTP side comes
   * up anyway, readiness reports Kafka down, and this keeps trying with backoff.
   */
  onApplicationBootstrap(): void {
    this.started = this.startWithRetry();
  }

  /** Resolves once topics exist, the relay runs and the consumer has joined its group. */
  whenStarted(): Promise<void> {
    return this.started;
  }

  private async startWithRetry(): Promise<void> {
    const startedAt = Date.now();
    let reported = false;
    for (let attempt = 1; !this.shuttingDown; attempt++) {
      try {
        await this.start();
        this.startFailure = null;
        if (reported) this.settings.logger?.info({ attempt }, 'messaging started');
        return;
      } catch (error) {
        const refused = kafkaSecurityFailure(error, this.settings.sasl);
        if (refused && this.settings.onSecurityFailure) {
          await this.stopParts();
          return this.settings.onSecurityFailure(refused);
        }
        this.startFailure = {
          since: this.startFailure?.since ?? new Date(),
          error: (error as Error).message,
        };
        const retryInMs = backoffMs(attempt, 500, 15_000);
        const fields = { err: (error as Error).message, attempt, retryInMs };
        // A broker that is still starting is expected (everything starts together): quiet at
        // first, one error once it has lasted, then a warning per attempt.
        if (Date.now() - startedAt < STARTUP_GRACE_MS) {
          this.settings.logger?.debug(fields, 'messaging could not start yet; retrying');
        } else if (!reported) {
          reported = true;
          this.settings.logger?.error(
            fields,
            `messaging has not started after ${STARTUP_GRACE_MS / 1000} s; retrying until it does`,
          );
        } else {
          this.settings.logger?.warn(fields, 'messaging could not start; retrying');
        }
        await this.stopParts();
        await sleep(retryInMs, this.shutdownSignal.signal);
      }
    }
  }

  private async start(): Promise<void> {
    const names = new TopicNames(this.settings.topicPrefix);
    const handlers = this.handlerTypes.map((type) => this.moduleRef.get(type, { strict: false }));
    const consumed = [...new Set(handlers.map((h) => eventDefinition(h.eventType).topic))];
    const allTopics = [...new Set([...this.publishes, ...consumed])];
    await ensureTopics(
      this.kafka,
      allTopics.flatMap((t) => [names.resolve(t), names.dlq(t)]),
      { numPartitions: this.settings.numPartitions },
    );

    this.relay = new OutboxRelay(this.dataSource, () => createIdempotentProducer(this.kafka), {
      logger: this.settings.logger,
    });
    this.relay.start();

    if (handlers.length > 0) {
      this.consumedTopicNames = consumed.map((t) => names.resolve(t));
      this.consumer = new IdempotentConsumer(this.kafka, this.dataSource, {
        groupId: this.settings.groupId,
        topics: this.consumedTopicNames,
        handlers,
        logger: this.settings.logger,
        onOutcome: (outcome, eventType) =>
          this.outcomeListeners.forEach((listen) => listen(outcome, eventType)),
        onFailure: (cause, eventType) => this.failureListeners.forEach((listen) => listen(cause, eventType)),
      });
      await this.consumer.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.shutdownSignal.abort();
    // Kept, not forgotten: a start still in flight may join the group after this stop, and
    // onApplicationShutdown stops it again once that start has settled.
    await this.consumer?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.shutdownSignal.abort();
    await this.started;
    await this.stopParts();
  }

  private async stopParts(): Promise<void> {
    await this.consumer?.stop().catch(() => undefined);
    await this.relay?.stop();
    this.consumer = null;
    this.relay = null;
  }

  /** For metrics: what each consumed message came to. */
  onOutcome(listener: (outcome: ConsumeOutcome, eventType: string | undefined) => void): void {
    this.outcomeListeners.push(listener);
  }

  /** For metrics: each failed attempt at consuming an event, by what it waited on. */
  onFailure(listener: (cause: FailureCause, eventType: string | undefined) => void): void {
    this.failureListeners.push(listener);
  }

  /** Partitions paused on a failing message (for metrics and readiness). */
  consumerWaits() {
    return this.consumer?.waits() ?? [];
  }

  /**
   * Why messaging cannot make progress because PostgreSQL or Kafka is away (or was when it tried
   * to start), or null. A handler that keeps failing is not a reason: readiness gates HTTP
   * traffic, which works, and no replica taken out of service would fix the handler (its metric
   * and error log say it instead).
   */
  outageReason(): string | null {
    const reasons: string[] = [];
    if (this.startFailure) {
      const { since, error } = this.startFailure;
      reasons.push(`messaging not started, retrying since ${since.toISOString()} (last error: ${error})`);
    }
    // A full pool is a busy service, not an outage: the readiness probe's own connection tells.
    const waits = this.consumerWaits().filter((w) => w.cause !== 'handler' && !isPoolBusy(w.lastError));
    if (waits.length > 0) {
      const oldest = waits[0]!;
      reasons.push(
        `consumer waiting on ${causeLabel[oldest.cause]} since ${oldest.since.toISOString()} ` +
          `(${waits.length} partition(s) paused, ${oldest.attempts} attempt(s); last error: ${oldest.lastError})`,
      );
    }
    const relayWait = this.relay?.waiting();
    if (relayWait && !isPoolBusy(relayWait.lastError)) {
      reasons.push(
        `outbox relay waiting on PostgreSQL since ${relayWait.since.toISOString()} ` +
          `(${relayWait.attempts} attempt(s); last error: ${relayWait.lastError})`,
      );
    }
    return reasons.length > 0 ? reasons.join('; ') : null;
  }

  /** The group and the (prefixed) topics this service consumes, once started. */
  consumption(): { groupId: string; topics: string[]; dlqTopics: string[] } {
    return {
      groupId: this.settings.groupId,
      topics: this.consumedTopicNames,
      dlqTopics: this.consumedTopicNames.map((t) => dlqTopicOf(t)),
    };
  }

  outboxLag() {
    return this.relay?.lag() ?? Promise.resolve({ pending: 0, oldestAgeSeconds: 0, parked: 0 });
  }
}
