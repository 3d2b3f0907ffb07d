import { AnyEvent, serializeEvent, Topics } from '@actionhub/contracts';
import {
  ConsumeOutcome,
  createIdempotentProducer,
  ensureTopics,
  EventHandler,
  HandlerContext,
  IdempotentConsumer,
  InboxMessageEntity,
  TopicNames,
} from '../../../src';
import { CorrelationContext, currentCorrelation } from '@actionhub/service-kit';
import { KafkaProbe, waitFor } from '@actionhub/testing';
import { Producer } from 'kafkajs';
import {
  EffectEntity,
  effectCounts,
  MessagingFixture,
  openMessagingFixture,
} from '../support/messaging-fixture';
import { actionConfigured, actionDisabled } from '../support/sample-events';

/** Records one effect row per event; can be told to fail for some events. */
class RecordingHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  failures = new Map<string, number>();
  calls = 0;

  async handle(event: { eventId: string }, { manager }: HandlerContext): Promise<void> {
    this.calls++;
    await manager.insert(EffectEntity, { eventId: event.eventId });
    const left = this.failures.get(event.eventId) ?? 0;
    if (left > 0) {
      this.failures.set(event.eventId, left - 1);
      throw new Error('downstream hiccup');
    }
  }
}

describe('idempotent consumer with inbox and DLQ (real Kafka and PostgreSQL)', () => {
  let fx: MessagingFixture;
  let producer: Producer;
  let probe: KafkaProbe;
  let topic: string;
  let dlq: string;
  let groupCounter = 0;
  let topicCounter = 0;
  const consumers: IdempotentConsumer[] = [];

  const startConsumer = async (handler: EventHandler, groupId: string, outcomes: ConsumeOutcome[] = []) => {
    const consumer = new IdempotentConsumer(fx.kafka, fx.dataSource, {
      groupId,
      topics: [topic],
      handlers: [handler],
      maxAttempts: 3,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      onOutcome: (o) => outcomes.push(o),
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  };

  const send = (...values: { key: string; value: string }[]) => producer.send({ topic, messages: values });
  const wire = (e: AnyEvent) => serializeEvent(e);

  beforeAll(async () => {
    fx = await openMessagingFixture([]);
    producer = createIdempotentProducer(fx.kafka);
    await producer.connect();
  });

  // Each test gets its own topic and DLQ, so no test reads another's messages.
  beforeEach(async () => {
    const names = new TopicNames(`${fx.topics.prefix}t${++topicCounter}.`);
    topic = names.resolve(Topics.actionConfig);
    dlq = names.dlq(Topics.actionConfig);
    await ensureTopics(fx.kafka, [topic, dlq], { numPartitions: 3, replicationFactor: 1 });
    probe = await new KafkaProbe(fx.kafka).start([dlq]);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
    await probe.stop();
  });

  afterAll(async () => {
    await producer.disconnect();
    await fx.close();
  });

  const nextGroup = () => `group-${++groupCounter}`;

  it('runs the handler inside the event’s correlation context, so its logs and calls carry the id', async () => {
    const seen: (CorrelationContext | undefined)[] = [];
    const handler: EventHandler = {
      eventType: 'ActionConfigured',
      handle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        seen.push(currentCorrelation());
      },
    };
    const event = actionConfigured();
    await send(wire(event));
    await startConsumer(handler, nextGroup());
    await waitFor(
      'the handler',
      () => seen.length,
      (n) => n >= 1,
    );
    expect(seen[0]).toEqual({ correlationId: event.correlationId, eventId: event.eventId });
  });

  it('a duplicated event has one effect', async () => {
    const outcomes: ConsumeOutcome[] = [];
    const event = actionConfigured();
    await send(wire(event), wire(event), wire(event));
    await startConsumer(new RecordingHandler(), nextGroup(), outcomes);

    await waitFor(
      'three deliveries',
      () => outcomes.filter((o) => o !== 'ignored').length,
      (n) => n >= 3,
    );
    expect((await effectCounts(fx.dataSource)).get(event.eventId)).toBe(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
  });

  it('redelivery after a restart from the first offset changes nothing', async () => {
    const events = [actionConfigured(1), actionConfigured(2), actionConfigured(3)];
    await send(...events.map(wire));
    const group = nextGroup();
    const first: ConsumeOutcome[] = [];
    const consumer = await startConsumer(new RecordingHandler(), group, first);
    await waitFor(
      'first pass',
      () => first.filter((o) => o === 'processed').length,
      (n) => n >= 3,
    );
    await consumer.stop();

    // As if the offsets had never been committed (a crash after the effect, before the commit).
    const admin = fx.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await admin.disconnect();

    const second: ConsumeOutcome[] = [];
    const handler = new RecordingHandler();
    await startConsumer(handler, group, second);
    await waitFor(
      'redelivery',
      () => second.filter((o) => o === 'duplicate').length,
      (n) => n >= 3,
    );
    const counts = await effectCounts(fx.dataSource);
    for (const e of events) expect(counts.get(e.eventId)).toBe(1);
    expect(second).not.toContain('processed');
  });

  it('retries a failing handler with backoff, and the retried event still has one effect', async () => {
    const handler = new RecordingHandler();
    const event = actionConfigured();
    handler.failures.set(event.eventId, 2);
    await send(wire(event));
    await startConsumer(handler, nextGroup());

    await waitFor('the inbox row', () =>
      fx.dataSource.getRepository(InboxMessageEntity).countBy({ eventId: event.eventId }),
    );
    expect(handler.calls).toBeGreaterThanOrEqual(3);
    // The two failed attempts rolled back their effect with their inbox row.
    expect((await effectCounts(fx.dataSource)).get(event.eventId)).toBe(1);
  });

  it('moves poison messages to <topic>.dlq and keeps consuming the next ones', async () => {
    const bad = actionConfigured();
    const broken = { ...bad, payload: { ...bad.payload, mechanism: 'carrier-pigeon' } };
    const hopeless = actionConfigured();
    const good = actionConfigured();
    const handler = new RecordingHandler();
    handler.failures.set(hopeless.eventId, 99);
    await send(
      { key: 'k', value: '{ not json' },
      { key: 'k', value: JSON.stringify(broken) },
      wire(hopeless),
      wire(good),
      wire(actionDisabled()), // another event type on the topic: not this group's business
    );
    const outcomes: ConsumeOutcome[] = [];
    await startConsumer(handler, nextGroup(), outcomes);

    await waitFor(
      'the good event after the poison ones',
      () => effectCounts(fx.dataSource),
      (c) => c.get(good.eventId) === 1,
    );
    const parked = await waitFor(
      'three dead letters',
      () => probe.messages,
      (m) => m.length >= 3,
    );
    expect(parked.map((m) => m.headers['dlq-reason']).sort()).toEqual([
      'contract_violation',
      'malformed',
      'retries_exhausted',
    ]);
    const exhausted = parked.find((m) => m.headers['dlq-reason'] === 'retries_exhausted')!;
    expect(exhausted.value).toContain(hopeless.eventId);
    expect(exhausted.headers['dlq-attempts']).toBe('3');
    expect(exhausted.headers['dlq-original-topic']).toBe(topic);
    expect(
      parked.find((m) => m.headers['dlq-reason'] === 'contract_violation')!.headers['dlq-error'],
    ).toContain('mechanism');
    expect((await effectCounts(fx.dataSource)).has(hopeless.eventId)).toBe(false);
    expect(outcomes).toContain('ignored');
  });
});
