import { Topics } from '@actionhub/contracts';
import { createIdempotentProducer, OutboxEventEntity, OutboxRelay, OutboxWriter } from '../../../src';
import { KafkaProbe, delay, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { MessagingFixture, openMessagingFixture, WidgetEntity } from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

describe('transactional outbox and relay (real Kafka and PostgreSQL)', () => {
  let fx: MessagingFixture;
  let writer: OutboxWriter;
  let probe: KafkaProbe;
  let topic: string;
  const relays: OutboxRelay[] = [];

  const newRelay = async (onPublished?: (n: number) => void) => {
    const relay = new OutboxRelay(fx.dataSource, () => createIdempotentProducer(fx.kafka), {
      batchSize: 20,
      pollIntervalMs: 20,
      onPublished,
    });
    relays.push(relay);
    return relay;
  };

  /** Writes a widget and its event in one transaction, as a service would. */
  const commitChange = async (n = 0, keys = 5) => {
    const event = actionConfigured(n, keys);
    await fx.dataSource.transaction(async (manager) => {
      await manager.insert(WidgetEntity, { id: randomUUID(), name: `widget ${n}` });
      await writer.append(manager, event);
    });
    return event;
  };

  beforeAll(async () => {
    fx = await openMessagingFixture([Topics.actionConfig]);
    writer = new OutboxWriter(fx.topics);
    topic = fx.topics.resolve(Topics.actionConfig);
    probe = await new KafkaProbe(fx.kafka).start([topic]);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await probe.stop();
    await fx.close();
  });

  const publishedIds = () => probe.parsedValues(topic).map((e) => e.eventId);

  it('publishes a committed change exactly once, with its key and headers', async () => {
    const event = await commitChange();
    (await newRelay()).start();

    await waitFor('the event on Kafka', publishedIds, (ids) => ids.includes(event.eventId));
    await delay(500);
    expect(publishedIds().filter((id) => id === event.eventId)).toHaveLength(1);
    const message = probe.messages.find((m) => m.value?.includes(event.eventId))!;
    expect(message.key).toBe(`${event.appId}:${event.payload.actionKey}`);
    expect(message.headers['event-type']).toBe('ActionConfigured');
    const row = await fx.dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ id: event.eventId });
    expect(row.publishedAt).toBeInstanceOf(Date);
  });

  it('never publishes the event of a rolled-back change', async () => {
    const doomed = actionConfigured(1);
    await expect(
      fx.dataSource.transaction(async (manager) => {
        await manager.insert(WidgetEntity, { id: randomUUID(), name: 'doomed' });
        await writer.append(manager, doomed);
        throw new Error('business rule failed after the event was appended');
      }),
    ).rejects.toThrow('business rule failed');
    // A later committed event on the same key: once it is seen, the doomed one would have been too.
    const later = await commitChange(1);
    (await newRelay()).start();

    await waitFor('the later event', publishedIds, (ids) => ids.includes(later.eventId));
    expect(publishedIds()).not.toContain(doomed.eventId);
    expect(await fx.dataSource.getRepository(OutboxEventEntity).countBy({ id: doomed.eventId })).toBe(0);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(writer.append(fx.dataSource.manager, actionConfigured())).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('two relays sharing the outbox publish each of 300 events exactly once', async () => {
    const events = [];
    for (let i = 0; i < 300; i++) events.push(await commitChange(i, 30));
    const wanted = new Set(events.map((e) => e.eventId));
    const publishedBy = { a: 0, b: 0 };
    const a = await newRelay((n) => (publishedBy.a += n));
    const b = await newRelay((n) => (publishedBy.b += n));
    a.start();
    b.start();

    await waitFor(
      'all 300 events',
      () => publishedIds().filter((id) => wanted.has(id)).length,
      (n) => n >= 300,
      {
        timeoutMs: 40_000,
      },
    );
    await delay(1000);
    const seen = publishedIds().filter((id) => wanted.has(id));
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
    expect((await a.lag()).pending).toBe(0);
    // Both relays did work: the keys were shared out by SKIP LOCKED, not published by one of them alone.
    expect(publishedBy.a).toBeGreaterThan(0);
    expect(publishedBy.b).toBeGreaterThan(0);
    expect(publishedBy.a + publishedBy.b).toBe(300);
  });
});
