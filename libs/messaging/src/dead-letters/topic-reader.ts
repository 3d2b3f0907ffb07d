import { randomBytes } from 'node:crypto';
import { IHeaders, Kafka } from 'kafkajs';

export interface StoredRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.map(String).join(',') : String(value)]],
    ),
  );

/**
 * Reads topics from their first to their last record as they are now, then stops: the records
 * present when it started, in offset order per partition. kafkajs reads only through consumer
 * groups, so it joins a throw-away group (no offsets committed) and deletes it afterwards.
 * Topics that do not exist read as empty.
 */
export async function readTopics(
  kafka: Kafka,
  topics: string[],
  { groupPrefix, timeoutMs = 60_000 }: { groupPrefix: string; timeoutMs?: number },
): Promise<StoredRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const remaining = new Map<string, string>(); // `${topic}:${partition}` → high watermark
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > BigInt(low)) remaining.set(`${topic}:${partition}`, high);
      }
    }
    if (remaining.size === 0) return [];

    const records: StoredRecord[] = [];
    const groupId = `${groupPrefix}${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250 });
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    await consumer.connect();
    try {
      await consumer.subscribe({
        topics: [...new Set([...remaining.keys()].map((k) => k.split(':')[0]!))],
        fromBeginning: true,
      });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const slot = `${topic}:${partition}`;
          const high = remaining.get(slot);
          if (high === undefined || BigInt(message.offset) >= BigInt(high)) return;
          records.push({
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value,
            headers: headerText(message.headers),
            timestamp: message.timestamp,
          });
          if (BigInt(message.offset) + 1n >= BigInt(high)) {
            remaining.delete(slot);
            if (remaining.size === 0) finished();
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`reading ${topics.join(', ')} took longer than ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      });
      await Promise.race([done, timedOut]).finally(() => clearTimeout(timer));
    } finally {
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records.sort((a, b) =>
      a.topic !== b.topic
        ? a.topic.localeCompare(b.topic)
        : a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
  } finally {
    await admin.disconnect();
  }
}
