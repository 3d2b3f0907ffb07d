import { Topics } from '@actionhub/contracts';
import { freePort, waitFor } from '@actionhub/testing';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createIdempotentProducer,
  EventHandler,
  HandlerContext,
  IdempotentConsumer,
  OutboxEventEntity,
  OutboxRelay,
  OutboxWriter,
} from '../../../src';
import {
  EffectEntity,
  effectCounts,
  MessagingFixture,
  openMessagingFixture,
  WidgetEntity,
} from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

// This test stops and restarts a broker, so it gets its own instead of the shared one, on ports
// free at the time: several test runs on one machine must not share it.
const ports = { client: 0, controller: 0 };
const kafkaTool = join(__dirname, '..', '..', '..', '..', '..', 'tools', 'kafka', 'kafka.mjs');
const kafkaCli = (command: 'start' | 'stop') =>
  promisify(execFile)(process.execPath, [kafkaTool, command], {
    env: {
      ...process.env,
      KAFKA_PORT: String(ports.client),
      KAFKA_CONTROLLER_PORT: String(ports.controller),
    },
  });

class RecordingHandler implements EventHandler {
  readonly eventType = 'ActionConfigured' as const;
  async handle(event: { eventId: string }, { manager }: HandlerContext) {
    await manager.insert(EffectEntity, { eventId: event.eventId });
  }
}

describe('a broker outage loses nothing (real Kafka restarted, real PostgreSQL)', () => {
  let fx: MessagingFixture;
  let relay: OutboxRelay;
  let consumer: IdempotentConsumer;
  let writer: OutboxWriter;

  const commit = async (n: number) => {
    const event = actionConfigured(n);
    await fx.dataSource.transaction(async (manager) => {
      await manager.insert(WidgetEntity, { id: event.payload.configurationId, name: `w${n}` });
      await writer.append(manager, event);
    });
    return event.eventId;
  };

  beforeAll(async () => {
    ports.client = await freePort();
    ports.controller = await freePort();
    await kafkaCli('start');
    fx = await openMessagingFixture([Topics.actionConfig], [`127.0.0.1:${ports.client}`]);
    writer = new OutboxWriter(fx.topics);
    relay = new OutboxRelay(fx.dataSource, () => createIdempotentProducer(fx.kafka), {
      pollIntervalMs: 50,
      initialBackoffMs: 200,
      maxBackoffMs: 2000,
    });
    consumer = new IdempotentConsumer(fx.kafka, fx.dataSource, {
      groupId: 'outage-test',
      topics: [fx.topics.resolve(Topics.actionConfig)],
      handlers: [new RecordingHandler()],
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop().catch(() => undefined);
    await relay?.stop();
    await fx?.close();
    await kafkaCli('stop');
    // Its data, log and settings are named after the port, which the next run will not reuse.
    const cache = join(kafkaTool, '..', '..', '..', '.cache', 'kafka');
    for (const name of [
      `data-${ports.client}`,
      `broker-${ports.client}.log`,
      `server-${ports.client}.properties`,
    ]) {
      rmSync(join(cache, name), { recursive: true, force: true });
    }
  }, 60_000);

  it('publishes and consumes, exactly once each, what was committed while the broker was down', async () => {
    relay.start();
    await consumer.start();
    const before: string[] = [];
    for (let i = 0; i < 10; i++) before.push(await commit(i));
    await waitFor(
      'effects before the outage',
      () => effectCounts(fx.dataSource),
      (c) => before.every((id) => c.get(id) === 1),
    );

    await kafkaCli('stop');
    const during: string[] = [];
    for (let i = 10; i < 20; i++) during.push(await commit(i));
    // The relay keeps trying and keeps the rows: nothing is dropped while Kafka is away.
    await waitFor(
      'a failed attempt',
      () =>
        fx.dataSource
          .getRepository(OutboxEventEntity)
          .createQueryBuilder('e')
          .where('e.attempts > 0')
          .getCount(),
      (n) => n > 0,
      { timeoutMs: 30_000 },
    );
    expect((await relay.lag()).pending).toBe(10);

    await kafkaCli('start');
    const all = [...before, ...during];
    const counts = await waitFor(
      'every event consumed after the broker came back',
      () => effectCounts(fx.dataSource),
      (c) => all.every((id) => c.get(id) === 1),
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(20);
    expect((await relay.lag()).pending).toBe(0);
  }, 180_000);
});
