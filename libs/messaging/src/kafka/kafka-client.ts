import { Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { MessagingLogger, silentLogger } from '../messaging-logger';
import { kafkajsLogLevel } from './kafkajs-log-level';
import { KafkaSecurity } from './kafka-security';

export interface KafkaClientOptions extends KafkaSecurity {
  clientId: string;
  brokers: string[];
  logger?: MessagingLogger;
}

/**
 * A kafkajs client whose own logs go through the service's logger instead of stdout, at the level
 * they deserve (kafkajsLogLevel: what kafkajs retries by itself is not an error).
 */
export function createKafka({
  clientId,
  brokers,
  ssl,
  sasl,
  logger = silentLogger,
}: KafkaClientOptions): Kafka {
  const createdAt = Date.now();
  return new Kafka({
    clientId,
    brokers,
    ssl,
    sasl,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...rest } = log;
        const fields = { ...rest, component: `kafkajs.${namespace}` };
        logger[kafkajsLogLevel(level, message, rest, Date.now() - createdAt)](fields, message);
      },
    retry: { initialRetryTime: 200, retries: 5 },
  });
}

/**
 * An idempotent producer (acks=all, no duplicates from the producer's own retries). Its retry
 * budget is short on purpose: the outbox keeps the row and tries again later, so a long wait
 * here would only hold row locks.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 200, maxRetryTime: 2_000, retries: 3 },
  });
}

/** Creates missing topics (and their DLQs); existing ones are left as they are. */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  { numPartitions = 3, replicationFactor = -1 }: { numPartitions?: number; replicationFactor?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
        })
        .catch((error: unknown) => {
          // Another service created them between our list and our create: what we wanted.
          if (!String((error as Error).message).includes('already exists')) throw error;
        });
    }
  } finally {
    await admin.disconnect();
  }
}
