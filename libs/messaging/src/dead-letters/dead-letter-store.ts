import { DLQ_LEDGER_TOPIC, Topics } from '@actionhub/contracts';
import { Kafka } from 'kafkajs';
import { hostname, userInfo } from 'node:os';
import { dlqTopicOf } from '../consumer/dead-letter';
import { createIdempotentProducer } from '../kafka/kafka-client';
import { readTopics, StoredRecord } from './topic-reader';

/** The services whose topics have a dead-letter topic: the producer named in the topic. */
export const DEAD_LETTER_SERVICES = Object.values(Topics).map((topic) => topic.split('.')[1]!);

export type EntryState = 'pending' | 'replayed' | 'discarded';

export interface LedgerRecord {
  action: 'replayed' | 'discarded';
  at: string;
  by: string;
}

/** One parked message, with what the consumer said about it and what an operator did since. */
export interface DeadLetterEntry {
  /** `<partition>:<offset>` in the dead-letter topic. */
  id: string;
  dlqTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** The headers the message had on its origin topic. */
  originalHeaders: Record<string, string>;
  reason: string | null;
  error: string | null;
  group: string | null;
  origin: { topic: string; partition: number | null; offset: string | null } | null;
  parkedAt: string | null;
  eventType: string | null;
  eventId: string | null;
  state: EntryState;
  ledger: LedgerRecord | null;
}

export class DeadLetterError extends Error {
  override readonly name = 'DeadLetterError';
}

const DLQ_HEADER = /^dlq-/;
/** Set on a replayed message: where it came from, so parking it again shows the history. */
export const REPLAYED_FROM_HEADER = 'replayed-from';

function eventFields(value: Buffer | null): { eventType: string | null; eventId: string | null } {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? '') as { type?: unknown; eventId?: unknown };
    return {
      eventType: typeof parsed.type === 'string' ? parsed.type : null,
      eventId: typeof parsed.eventId === 'string' ? parsed.eventId : null,
    };
  } catch {
    return { eventType: null, eventId: null };
  }
}

const ledgerKey = (dlqTopic: string, partition: number, offset: string) =>
  `${dlqTopic}/${partition}/${offset}`;

/**
 * The dead-letter topics of one deployment (a topic prefix) and what was done with their entries.
 * Replays and discards are recorded in a compacted ledger topic, keyed by entry, so an entry is
 * replayed or discarded once, whoever runs the tool and however often.
 */
export class DeadLetterStore {
  constructor(
    private readonly kafka: Kafka,
    private readonly topicPrefix = '',
  ) {}

  dlqTopicOf(service: string): string {
    if (!DEAD_LETTER_SERVICES.includes(service)) {
      throw new DeadLetterError(`unknown service "${service}" (one of: ${DEAD_LETTER_SERVICES.join(', ')})`);
    }
    return `${this.topicPrefix}${dlqTopicOf(`actionhub.${service}.events`)}`;
  }

  get ledgerTopic(): string {
    return `${this.topicPrefix}${DLQ_LEDGER_TOPIC}`;
  }

  /** Every entry of the service's dead-letter topic, oldest first per partition. */
  async list(service: string): Promise<DeadLetterEntry[]> {
    const dlqTopic = this.dlqTopicOf(service);
    const records = await readTopics(this.kafka, [dlqTopic, this.ledgerTopic], {
      groupPrefix: `${this.topicPrefix}actionhub.dlq-tool.`,
    });
    const ledger = new Map<string, LedgerRecord>();
    for (const r of records.filter((r) => r.topic === this.ledgerTopic && r.key && r.value)) {
      ledger.set(r.key!, JSON.parse(r.value!.toString('utf8')) as LedgerRecord);
    }
    return records.filter((r) => r.topic === dlqTopic).map((r) => this.entryOf(r, ledger));
  }

  async find(service: string, id: string): Promise<DeadLetterEntry> {
    const entries = await this.list(service);
    const entry = entries.find((e) => e.id === id);
    if (entry) return entry;
    const topic = this.dlqTopicOf(service);
    throw new DeadLetterError(
      entries.length === 0
        ? `no entry ${id}: ${topic} is empty`
        : `no entry ${id} in ${topic} (it holds ${entries.map((e) => e.id).join(', ')})`,
    );
  }

  /**
   * Publishes the entry to its origin topic with its original key and headers (the producer's
   * partitioner puts it in the partition its key always goes to), then records the replay. An
   * entry already replayed or discarded is left alone (false). Should the ledger write fail after the
   * publish, a second replay republishes: consumers drop it as a duplicate (inbox, by eventId).
   */
  async replay(entry: DeadLetterEntry): Promise<boolean> {
    if (entry.state !== 'pending') return false;
    if (!entry.origin) {
      throw new DeadLetterError(`entry ${entry.id} names no origin topic (no dlq-original-topic header)`);
    }
    const producer = createIdempotentProducer(this.kafka);
    await producer.connect();
    try {
      await producer.send({
        topic: entry.origin.topic,
        acks: -1,
        messages: [
          {
            key: entry.key,
            value: entry.value,
            headers: {
              ...entry.originalHeaders,
              [REPLAYED_FROM_HEADER]: `${entry.dlqTopic}:${entry.partition}:${entry.offset}`,
            },
          },
        ],
      });
      await this.record(producer, entry, 'replayed');
    } finally {
      await producer.disconnect();
    }
    return true;
  }

  /** Records that the entry is not to be replayed; one already replayed or discarded is left alone (false). */
  async discard(entry: DeadLetterEntry): Promise<boolean> {
    if (entry.state !== 'pending') return false;
    const producer = createIdempotentProducer(this.kafka);
    await producer.connect();
    try {
      await this.record(producer, entry, 'discarded');
    } finally {
      await producer.disconnect();
    }
    return true;
  }

  private async record(
    producer: ReturnType<typeof createIdempotentProducer>,
    entry: DeadLetterEntry,
    action: LedgerRecord['action'],
  ) {
    await this.ensureLedger();
    const record: LedgerRecord = {
      action,
      at: new Date().toISOString(),
      by: `${userInfo().username}@${hostname()}`,
    };
    await producer.send({
      topic: this.ledgerTopic,
      acks: -1,
      messages: [
        { key: ledgerKey(entry.dlqTopic, entry.partition, entry.offset), value: JSON.stringify(record) },
      ],
    });
  }

  /** The ledger is compacted: only the latest record per entry is kept. Deployments declare it (KafkaTopic). */
  private async ensureLedger(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if ((await admin.listTopics()).includes(this.ledgerTopic)) return;
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: this.ledgerTopic,
              numPartitions: 1,
              replicationFactor: -1,
              configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
            },
          ],
        })
        .catch((error: unknown) => {
          if (!String((error as Error).message).includes('already exists')) throw error;
        });
    } finally {
      await admin.disconnect();
    }
  }

  private entryOf(r: StoredRecord, ledger: Map<string, LedgerRecord>): DeadLetterEntry {
    const h = r.headers;
    const recorded = ledger.get(ledgerKey(r.topic, r.partition, r.offset)) ?? null;
    const originalHeaders = Object.fromEntries(Object.entries(h).filter(([name]) => !DLQ_HEADER.test(name)));
    return {
      id: `${r.partition}:${r.offset}`,
      dlqTopic: r.topic,
      partition: r.partition,
      offset: r.offset,
      key: r.key,
      value: r.value,
      originalHeaders,
      reason: h['dlq-reason'] ?? null,
      error: h['dlq-error'] ?? null,
      group: h['dlq-consumer-group'] ?? null,
      origin: h['dlq-original-topic']
        ? {
            topic: h['dlq-original-topic'],
            partition: h['dlq-original-partition'] !== undefined ? Number(h['dlq-original-partition']) : null,
            offset: h['dlq-original-offset'] ?? null,
          }
        : null,
      parkedAt: h['dlq-failed-at'] ?? new Date(Number(r.timestamp)).toISOString(),
      ...eventFields(r.value),
      state: recorded?.action ?? 'pending',
      ledger: recorded,
    };
  }
}
