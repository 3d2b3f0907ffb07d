import { Topics } from '@actionhub/contracts';
import { waitFor } from '@actionhub/testing';
import { DataSource } from 'typeorm';
import { EventHandler, HandlerContext, IdempotentConsumer, OutboxRelay, OutboxWriter } from '../../../src';
import { flakyProducers, seededRandom } from '../support/flaky-producer';
import { EffectEntity, MessagingFixture, openMessagingFixture } from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

const KEYS = 50;
const ROUNDS = 40; // 2000 events, 40 per key

class RecordingHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  async handle(event: { eventId: string }, { manager }: HandlerContext) {
    await manager.insert(EffectEntity, { eventId: event.eventId });
  }
}

/** Every effect's eventId in the order the consumer committed them. */
const consumedOrder = async (dataSource: DataSource) =>
  (await dataSource.getRepository(EffectEntity).find({ order: { seq: 'ASC' } })).map((e) => e.eventId);

describe('order per key with two relays and failing publishes (real Kafka and PostgreSQL)', () => {
  let fx: MessagingFixture;
  const relays: OutboxRelay[] = [];
  let consumer: IdempotentConsumer;

  beforeAll(async () => {
    fx = await openMessagingFixture([Topics.actionConfig]);
  });

  afterAll(async () => {
    await consumer?.stop();
    await Promise.all(relays.map((r) => r.stop()));
    await fx.close();
  });

  it('consumes every key’s events in the order they were written', async () => {
    const seed = Date.now();
    // One send in five fails before reaching the broker, one in five after the broker took it.
    const producers = flakyProducers(fx.kafka, seededRandom(seed), { failBefore: 0.2, failAfter: 0.2 });
    const publishedBy = [0, 0];
    for (const i of [0, 1]) {
      const relay = new OutboxRelay(fx.dataSource, producers.create, {
        batchSize: 25, // many sends, so that both kinds of fault happen in every run
        pollIntervalMs: 20,
        initialBackoffMs: 20,
        maxBackoffMs: 200,
        onPublished: (n) => (publishedBy[i]! += n),
      });
      relays.push(relay);
      relay.start();
    }
    consumer = new IdempotentConsumer(fx.kafka, fx.dataSource, {
      groupId: 'relay-order',
      topics: [fx.topics.resolve(Topics.actionConfig)],
      handlers: [new RecordingHandler()],
    });
    await consumer.start();

    // Each round commits one event per key, while both relays publish what came before.
    const writer = new OutboxWriter(fx.topics);
    const written = new Map<string, string[]>(); // key -> eventIds in commit order
    const keyOf = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      const events = Array.from({ length: KEYS }, (_, k) => actionConfigured(k, KEYS));
      await fx.dataSource.transaction((manager) => writer.append(manager, ...events));
      for (const e of events) {
        const key = e.payload.actionKey;
        written.set(key, [...(written.get(key) ?? []), e.eventId]);
        keyOf.set(e.eventId, key);
      }
    }

    const order = await waitFor(
      `all ${KEYS * ROUNDS} events consumed (fault seed ${seed})`,
      () => consumedOrder(fx.dataSource),
      (ids) => ids.length >= KEYS * ROUNDS,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(new Set(order).size).toBe(order.length); // the inbox absorbed every re-publish
    const consumed = new Map<string, string[]>();
    for (const id of order) consumed.set(keyOf.get(id)!, [...(consumed.get(keyOf.get(id)!) ?? []), id]);
    expect(consumed.size).toBe(KEYS);
    for (const [key, ids] of written) expect({ key, ids: consumed.get(key) }).toEqual({ key, ids });
    // The faults did happen, both kinds, and both relays published.
    expect(producers.faults.before).toBeGreaterThan(0);
    expect(producers.faults.after).toBeGreaterThan(0);
    expect(publishedBy[0]).toBeGreaterThan(0);
    expect(publishedBy[1]).toBeGreaterThan(0);
  });
});
