import { delay, TcpProxy, testDatabaseUrl, waitFor } from '@actionhub/testing';
import { DataSource } from 'typeorm';
import { EventHandler, FailureCause, HandlerContext } from '../../../src';
import { ConsumerHarness, recordingLogger } from '../support/consumer-harness';
import { EffectEntity } from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

/** The effects of these events in the order the consumer committed them: eventIds, oldest first. */
async function effectOrder(dataSource: DataSource, events: { eventId: string }[]): Promise<string[]> {
  const ids = new Set(events.map((e) => e.eventId));
  const rows = await dataSource.getRepository(EffectEntity).find({ order: { seq: 'ASC' } });
  return rows.map((e) => e.eventId).filter((id) => ids.has(id));
}

/** Records one effect per event; `fail(eventId)` says what to throw instead, if anything. */
class FlakyHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  fail: (eventId: string, manager: HandlerContext['manager']) => Promise<void> = async () => undefined;

  async handle(event: { eventId: string }, { manager }: HandlerContext): Promise<void> {
    await this.fail(event.eventId, manager);
    await manager.insert(EffectEntity, { eventId: event.eventId });
  }
}

describe('consumer failures are retried, never dead-lettered (real Kafka and PostgreSQL)', () => {
  const h = new ConsumerHarness();

  beforeAll(() => h.open());
  beforeEach(() => h.nextTopic());
  afterEach(() => h.afterEach());
  afterAll(() => h.close());

  it('retries a handler’s serialization failures and deadlocks until it succeeds, in order, and parks nothing', async () => {
    const first = actionConfigured();
    const next = actionConfigured();
    const handler = new FlakyHandler();
    let left = 7; // more than any attempt budget: there is none
    handler.fail = async (eventId, manager) => {
      if (eventId !== first.eventId || left-- <= 0) return;
      const state = left % 2 ? 'serialization_failure' : 'deadlock_detected';
      await manager.query(`DO $$ BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = '${state}'; END $$`);
    };
    const causes: FailureCause[] = [];
    await h.sendEvents([first, next], 0);
    await h.startConsumer(handler, { onFailure: (cause) => causes.push(cause) });

    const order = await waitFor(
      'both effects',
      () => effectOrder(h.fx.dataSource, [first, next]),
      (ids) => ids.length >= 2,
    );
    expect(order).toEqual([first.eventId, next.eventId]);
    expect(causes).toEqual(Array(7).fill('postgres'));
    // `next` sat behind `first` on its partition: had `first` been parked, it would be on the DLQ by now.
    expect(h.probe.messages).toHaveLength(0);
  });

  it('waits out PostgreSQL being unreachable with its partitions paused, then consumes everything once', async () => {
    const { hostname, port } = new URL(testDatabaseUrl());
    const proxy = await TcpProxy.start(hostname, Number(port || 5432));
    const dataSource = await h.fx.connectVia((url) => proxy.rewrite(url));
    const logger = recordingLogger();
    try {
      const consumer = await h.startConsumer(new FlakyHandler(), { dataSource, logger });
      const before = Array.from({ length: 5 }, (_, n) => actionConfigured(n));
      await h.sendEvents(before);
      await waitFor(
        'the first events',
        () => effectOrder(h.fx.dataSource, before),
        (ids) => ids.length === 5,
      );

      proxy.cut();
      const during = Array.from({ length: 20 }, (_, n) => actionConfigured(n));
      await h.sendEvents(during);
      const waits = await waitFor(
        'the consumer to wait on PostgreSQL',
        () => consumer.waits(),
        (w) => w.some((x) => x.cause === 'postgres' && x.attempts >= 3),
      );
      expect(waits[0]).toMatchObject({ topic: h.topic, cause: 'postgres' });
      expect(logger.lines).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          msg: 'consumer waiting on PostgreSQL; partition paused, retrying',
        }),
      );
      await delay(2_000); // still down: it keeps waiting rather than giving up
      expect(await effectOrder(h.fx.dataSource, during)).toEqual([]);

      proxy.restore();
      const ids = await waitFor(
        'every event consumed once PostgreSQL is back',
        () => effectOrder(h.fx.dataSource, [...before, ...during]),
        (all) => all.length >= 25,
        { timeoutMs: 30_000 },
      );
      expect(new Set(ids).size).toBe(25);
      expect(ids.sort()).toEqual([...before, ...during].map((e) => e.eventId).sort());
      await waitFor(
        'no partition waiting',
        () => consumer.waits(),
        (w) => w.length === 0,
      );
      expect(logger.lines.map((l) => l.msg)).toContain('consumer resumed after waiting on PostgreSQL');
      expect(h.probe.messages).toHaveLength(0);
    } finally {
      await h.afterEach();
      await dataSource.destroy();
      await proxy.close();
    }
  });

  it('pauses only the partition of a handler that keeps throwing, reports it, and goes on in order once fixed', async () => {
    const stuck = actionConfigured(0);
    const sameKeyLater = actionConfigured(0);
    const elsewhere = [actionConfigured(1), actionConfigured(2), actionConfigured(3)];
    let fixed = false;
    const handler = new FlakyHandler();
    handler.fail = async (eventId) => {
      if (eventId === stuck.eventId && !fixed)
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
    };
    const logger = recordingLogger();
    const causes: FailureCause[] = [];
    await h.sendEvents([stuck, sameKeyLater], 0);
    await h.sendEvents(elsewhere.slice(0, 2), 1);
    await h.sendEvents(elsewhere.slice(2), 2);
    const consumer = await h.startConsumer(handler, {
      logger,
      reportAfterAttempts: 3,
      onFailure: (cause) => causes.push(cause),
    });

    // The other partitions flow while partition 0 retries its first message.
    const all = [stuck, sameKeyLater, ...elsewhere];
    await waitFor(
      'the other partitions',
      () => effectOrder(h.fx.dataSource, all),
      (ids) => ids.length === 3,
    );
    const [wait] = await waitFor(
      'partition 0 reported as stuck',
      () => consumer.waits(),
      (w) => w.length === 1 && w[0]!.attempts >= 3,
    );
    expect(wait).toMatchObject({ partition: 0, eventId: stuck.eventId, cause: 'handler' });
    const reported = logger.lines.find((l) => l.level === 'error');
    expect(reported).toMatchObject({
      msg: 'event handler keeps failing; its partition waits until it succeeds',
      fields: expect.objectContaining({ eventId: stuck.eventId, partition: 0 }),
    });
    expect(new Set(causes)).toEqual(new Set(['handler']));
    expect(await effectOrder(h.fx.dataSource, all)).not.toContain(sameKeyLater.eventId);

    fixed = true; // as if the fix were deployed
    const order = await waitFor(
      'the fixed partition',
      () => effectOrder(h.fx.dataSource, all),
      (ids) => ids.length === 5,
    );
    expect(order.slice(3)).toEqual([stuck.eventId, sameKeyLater.eventId]);
    expect(h.probe.messages).toHaveLength(0);
  });
});
