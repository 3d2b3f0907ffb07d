import { ConsumeOutcome, EventHandler, HandlerContext, InboxMessageEntity, rejectEvent } from '../../../src';
import { CorrelationContext, currentCorrelation } from '@actionhub/service-kit';
import { waitFor } from '@actionhub/testing';
import { ConsumerHarness } from '../support/consumer-harness';
import { EffectEntity, effectCounts } from '../support/messaging-fixture';
import { actionConfigured, actionDisabled } from '../support/sample-events';

/** Records one effect row per event; can be told to fail, or to reject, some events. */
class RecordingHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  failures = new Map<string, number>();
  rejected = new Set<string>();
  calls = new Map<string, number>();

  async handle(event: { eventId: string }, { manager }: HandlerContext): Promise<void> {
    this.calls.set(event.eventId, (this.calls.get(event.eventId) ?? 0) + 1);
    await manager.insert(EffectEntity, { eventId: event.eventId });
    if (this.rejected.has(event.eventId)) rejectEvent('this installation can never be built');
    const left = this.failures.get(event.eventId) ?? 0;
    if (left > 0) {
      this.failures.set(event.eventId, left - 1);
      throw new Error('downstream hiccup');
    }
  }
}

describe('idempotent consumer with inbox and DLQ (real Kafka and PostgreSQL)', () => {
  const h = new ConsumerHarness();

  beforeAll(() => h.open());
  // Each test gets its own topic and DLQ, so no test reads another's messages.
  beforeEach(() => h.nextTopic());
  afterEach(() => h.afterEach());
  afterAll(() => h.close());

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
    await h.sendEvents([event]);
    await h.startConsumer(handler);
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
    await h.sendEvents([event, event, event]);
    await h.startConsumer(new RecordingHandler(), { outcomes });

    await waitFor(
      'three deliveries',
      () => outcomes.filter((o) => o !== 'ignored').length,
      (n) => n >= 3,
    );
    expect((await effectCounts(h.fx.dataSource)).get(event.eventId)).toBe(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
  });

  it('redelivery after a restart from the first offset changes nothing', async () => {
    const events = [actionConfigured(1), actionConfigured(2), actionConfigured(3)];
    await h.sendEvents(events);
    const first: ConsumeOutcome[] = [];
    const consumer = await h.startConsumer(new RecordingHandler(), { outcomes: first });
    await waitFor(
      'first pass',
      () => first.filter((o) => o === 'processed').length,
      (n) => n >= 3,
    );
    await consumer.stop();

    // As if the offsets had never been committed (a crash after the effect, before the commit).
    const admin = h.fx.kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: consumer.groupId, topic: h.topic, earliest: true });
    await admin.disconnect();

    const second: ConsumeOutcome[] = [];
    await h.startConsumer(new RecordingHandler(), { groupId: consumer.groupId, outcomes: second });
    await waitFor(
      'redelivery',
      () => second.filter((o) => o === 'duplicate').length,
      (n) => n >= 3,
    );
    const counts = await effectCounts(h.fx.dataSource);
    for (const e of events) expect(counts.get(e.eventId)).toBe(1);
    expect(second).not.toContain('processed');
  });

  it('retries a failing handler with backoff, and the retried event still has one effect', async () => {
    const handler = new RecordingHandler();
    const event = actionConfigured();
    handler.failures.set(event.eventId, 2);
    await h.sendEvents([event]);
    await h.startConsumer(handler);

    await waitFor('the inbox row', () =>
      h.fx.dataSource.getRepository(InboxMessageEntity).countBy({ eventId: event.eventId }),
    );
    expect(handler.calls.get(event.eventId)).toBe(3);
    // The two failed attempts rolled back their effect with their inbox row.
    expect((await effectCounts(h.fx.dataSource)).get(event.eventId)).toBe(1);
  });

  it('moves poison to <topic>.dlq at once (malformed, contract violation, a handler’s rejection) and consumes the next ones', async () => {
    const bad = actionConfigured();
    const broken = { ...bad, payload: { ...bad.payload, mechanism: 'carrier-pigeon' } };
    const refused = actionConfigured();
    const good = actionConfigured();
    const handler = new RecordingHandler();
    handler.rejected.add(refused.eventId);
    // One partition, so `good` is consumed only after the three poison messages were dealt with.
    await h.send(
      { key: 'k', value: '{ not json', partition: 0 },
      { key: 'k', value: JSON.stringify(broken), partition: 0 },
    );
    await h.sendEvents([refused, good, actionDisabled()], 0); // ActionDisabled: not this group's business
    const outcomes: ConsumeOutcome[] = [];
    await h.startConsumer(handler, { outcomes });

    await waitFor(
      'the good event after the poison ones',
      () => effectCounts(h.fx.dataSource),
      (c) => c.get(good.eventId) === 1,
    );
    const parked = await waitFor(
      'three dead letters',
      () => h.probe.messages,
      (m) => m.length >= 3,
    );
    expect(parked.map((m) => m.headers['dlq-reason']).sort()).toEqual([
      'contract_violation',
      'malformed',
      'rejected',
    ]);
    const rejection = parked.find((m) => m.headers['dlq-reason'] === 'rejected')!;
    expect(rejection.value).toContain(refused.eventId);
    expect(rejection.headers['dlq-error']).toBe('this installation can never be built');
    expect(rejection.headers['dlq-original-topic']).toBe(h.topic);
    expect(rejection.headers['dlq-original-partition']).toBe('0');
    // At once: the handler ran one time, and its effect rolled back with the rejection.
    expect(handler.calls.get(refused.eventId)).toBe(1);
    expect((await effectCounts(h.fx.dataSource)).has(refused.eventId)).toBe(false);
    expect(
      parked.find((m) => m.headers['dlq-reason'] === 'contract_violation')!.headers['dlq-error'],
    ).toContain('mechanism');
    expect(outcomes).toContain('ignored');
  });
});
