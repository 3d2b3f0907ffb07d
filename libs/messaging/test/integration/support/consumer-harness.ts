import { AnyEvent, serializeEvent, Topics } from '@actionhub/contracts';
import { KafkaProbe } from '@actionhub/testing';
import { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import {
  ConsumeOutcome,
  createIdempotentProducer,
  ensureTopics,
  EventHandler,
  IdempotentConsumer,
  IdempotentConsumerOptions,
  MessagingLogger,
  TopicNames,
} from '../../../src';
import { MessagingFixture, openMessagingFixture } from './messaging-fixture';

export interface LogLine {
  level: keyof MessagingLogger;
  msg: string;
  fields: Record<string, unknown>;
}

/** A MessagingLogger that keeps what it is told, for tests to read. */
export function recordingLogger(lines: LogLine[] = []): MessagingLogger & { lines: LogLine[] } {
  const at =
    (level: keyof MessagingLogger) =>
    (fields: object, msg: string): void => {
      lines.push({ level, msg, fields: fields as Record<string, unknown> });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Consumers under test on the real broker and PostgreSQL: every test gets its own topic (three
 * partitions) with its DLQ, a probe on that DLQ, and its own consumer group.
 */
export class ConsumerHarness {
  fx!: MessagingFixture;
  topic = '';
  dlq = '';
  probe!: KafkaProbe;
  private producer!: Producer;
  private readonly consumers: IdempotentConsumer[] = [];
  private counter = 0;

  async open(): Promise<void> {
    this.fx = await openMessagingFixture([]);
    this.producer = createIdempotentProducer(this.fx.kafka);
    await this.producer.connect();
  }

  async nextTopic(): Promise<void> {
    const names = new TopicNames(`${this.fx.topics.prefix}t${++this.counter}.`);
    this.topic = names.resolve(Topics.actionConfig);
    this.dlq = names.dlq(Topics.actionConfig);
    await ensureTopics(this.fx.kafka, [this.topic, this.dlq], { numPartitions: 3, replicationFactor: 1 });
    this.probe = await new KafkaProbe(this.fx.kafka).start([this.dlq]);
  }

  async startConsumer(
    handler: EventHandler,
    options: Partial<IdempotentConsumerOptions> & {
      dataSource?: DataSource;
      outcomes?: ConsumeOutcome[];
    } = {},
  ): Promise<IdempotentConsumer> {
    const { dataSource = this.fx.dataSource, outcomes = [], ...rest } = options;
    const consumer = new IdempotentConsumer(this.fx.kafka, dataSource, {
      groupId: `group-${this.counter}-${this.consumers.length}`,
      topics: [this.topic],
      handlers: [handler],
      initialBackoffMs: 20,
      maxBackoffMs: 200,
      onOutcome: (o) => outcomes.push(o),
      ...rest,
    });
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  /** Raw records, optionally to a given partition. */
  send(...records: { key: string; value: string; partition?: number }[]) {
    return this.producer.send({ topic: this.topic, messages: records });
  }

  /** Events as their producers serialize them, optionally all to one partition. */
  sendEvents(events: AnyEvent[], partition?: number) {
    return this.send(...events.map((e) => ({ ...serializeEvent(e), partition })));
  }

  async afterEach(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
    await this.probe?.stop();
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    await this.fx?.close();
  }
}
