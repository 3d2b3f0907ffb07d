import { serializeEvent, Topics } from '@actionhub/contracts';
import { KafkaProbe, waitFor } from '@actionhub/testing';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import {
  createIdempotentProducer,
  OutboxEventEntity,
  OutboxRelay,
  OutboxWriter,
  TopicNames,
} from '../../../src';
import { recordingLogger } from '../support/consumer-harness';
import { MessagingFixture, openMessagingFixture } from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

const MAX_MESSAGE_BYTES = 20_000;
const KEYS = 12;

describe('a row the broker refuses for good (real Kafka and PostgreSQL)', () => {
  let fx: MessagingFixture;
  let admin: Admin;
  let probe: KafkaProbe;
  let relay: OutboxRelay;
  const names = new TopicNames(`poison.${Date.now()}.`);
  const topic = names.resolve(Topics.actionConfig);

  beforeAll(async () => {
    fx = await openMessagingFixture([]);
    admin = fx.kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }],
        },
      ],
    });
    probe = await new KafkaProbe(fx.kafka).start([topic]);
  });

  afterAll(async () => {
    await relay?.stop();
    await probe.stop();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await fx.close();
  });

  it('is parked after N attempts without holding back other keys; its own key waits until it is released', async () => {
    const writer = new OutboxWriter(names);
    const before = Array.from({ length: KEYS }, (_, k) => actionConfigured(k, KEYS));
    // Key action-0's second event is too large for the topic: padding keeps it valid JSON.
    const poison = actionConfigured(0, KEYS);
    const behindPoison = actionConfigured(0, KEYS);
    const after = Array.from({ length: KEYS - 1 }, (_, k) => actionConfigured(k + 1, KEYS));
    await fx.dataSource.transaction(async (manager) => {
      await writer.append(manager, ...before);
      const wire = serializeEvent(poison);
      await manager.insert(OutboxEventEntity, {
        id: poison.eventId,
        topic,
        key: wire.key,
        eventType: poison.type,
        value: wire.value + ' '.repeat(MAX_MESSAGE_BYTES * 2),
        headers: wire.headers,
      });
      await writer.append(manager, behindPoison, ...after);
    });
    const logger = recordingLogger();
    relay = new OutboxRelay(fx.dataSource, () => createIdempotentProducer(fx.kafka), {
      pollIntervalMs: 20,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      parkAfterAttempts: 3,
      logger,
    });
    relay.start();

    const seen = () => probe.parsedValues(topic).map((e) => e.eventId);
    const others = [...before, ...after].map((e) => e.eventId);
    await waitFor('every other key’s events', seen, (ids) => others.every((id) => ids.includes(id)));
    const row = await waitFor(
      'the row parked',
      () => fx.dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ id: poison.eventId }),
      (r) => r.parkedAt !== null,
    );
    expect(row).toMatchObject({ attempts: 3, publishedAt: null });
    expect(row.lastError).toMatch(/larger than the max message size/);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: expect.stringMatching(/^outbox event parked/),
        fields: expect.objectContaining({ id: poison.eventId, key: row.key, attempts: 3 }),
      }),
    );
    expect(await relay.lag()).toMatchObject({ parked: 1, pending: 1 });
    expect(seen()).not.toContain(behindPoison.eventId);

    // The runbook: fix the cause (here, the topic's limit), then release the row.
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: 'max.message.bytes', value: '1048588' }],
        },
      ],
    });
    const { schema } = fx.dataSource.getMetadata(OutboxEventEntity);
    await fx.dataSource.query(
      `UPDATE "${schema}".outbox_event SET parked_at = NULL, attempts = 0, next_attempt_at = now()
        WHERE id = $1 AND parked_at IS NOT NULL`,
      [poison.eventId],
    );
    const ids = await waitFor('the released key', seen, (all) => all.includes(behindPoison.eventId));
    expect(ids.indexOf(poison.eventId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(poison.eventId)).toBeLessThan(ids.indexOf(behindPoison.eventId));
    expect(await relay.lag()).toMatchObject({ parked: 0, pending: 0 });
  });
});
