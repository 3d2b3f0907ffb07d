import { randomBytes } from 'node:crypto';
import { Consumer, Kafka, KafkaMessage } from 'kafkajs';

export const testKafkaBrokers = () => (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** A topic prefix unique to one test file, so its topics and groups are its own. */
export const uniqueTopicPrefix = () => `test.${randomBytes(4).toString('hex')}.`;

export interface ProbedMessage {
  topic: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads topics from the beginning with a throw-away group and keeps every message, so a test
 * can count what was really published, duplicates included.
 */
export class KafkaProbe {
  readonly messages: ProbedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(private readonly kafka: Kafka) {}

  async start(topics: string[]): Promise<this> {
    this.consumer = this.kafka.consumer({
      groupId: `probe-${randomBytes(6).toString('hex')}`,
      maxWaitTimeInMs: 500,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        this.messages.push(toProbed(topic, message));
      },
    });
    return this;
  }

  parsedValues<T = { eventId: string; type: string }>(topic?: string): T[] {
    return this.messages
      .filter((m) => !topic || m.topic === topic)
      .flatMap((m) => (m.value ? [JSON.parse(m.value) as T] : []));
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function toProbed(topic: string, message: KafkaMessage): ProbedMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
  return { topic, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers };
}
