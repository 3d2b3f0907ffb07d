import { Topics } from '@actionhub/contracts';
import { KafkaProbe, TcpProxy, testDatabaseUrl, waitFor } from '@actionhub/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createIdempotentProducer, OutboxRelay, OutboxWriter } from '../../../src';
import { MessagingFixture, openMessagingFixture, WidgetEntity } from '../support/messaging-fixture';
import { actionConfigured } from '../support/sample-events';

// A relay that polls only every five minutes: what it publishes within waitFor's 20 s, it
// published because the commit woke it (in its own process, or through LISTEN/NOTIFY).
const NEVER_POLLS = 5 * 60_000;

describe('relays wake on the commit that wrote the outbox row (real Kafka and PostgreSQL)', () => {
  let fx: MessagingFixture;
  let writer: OutboxWriter;
  let probe: KafkaProbe;
  let topic: string;
  const relays: OutboxRelay[] = [];
  const dataSources: DataSource[] = [];
  const proxies: TcpProxy[] = [];

  const startRelay = (dataSource: DataSource) => {
    const relay = new OutboxRelay(dataSource, () => createIdempotentProducer(fx.kafka), {
      pollIntervalMs: NEVER_POLLS,
    });
    relays.push(relay);
    relay.start();
    return relay;
  };

  /** Another replica's DataSource on the same schema (optionally through a proxy). */
  const replica = async (proxy?: TcpProxy) => {
    const dataSource = await fx.connectVia((url) => (proxy ? proxy.rewrite(url) : url));
    dataSources.push(dataSource);
    return dataSource;
  };

  const commitChange = async (dataSource = fx.dataSource, n = 0) => {
    const event = actionConfigured(n);
    await dataSource.transaction(async (manager) => {
      await manager.insert(WidgetEntity, { id: randomUUID(), name: `widget ${n}` });
      await writer.append(manager, event);
    });
    return event.eventId;
  };

  const published = () => probe.parsedValues(topic).map((e) => e.eventId);
  const waitPublished = (eventId: string) =>
    waitFor(`${eventId} on Kafka`, published, (ids) => ids.includes(eventId));

  /** The LISTEN connections of this schema's relays, as PostgreSQL sees them. */
  const listeners = async () => {
    const [{ n }] = await fx.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1`,
      [`listen outbox.${fx.dataSource.getMetadata(WidgetEntity).schema}`],
    );
    return n as number;
  };

  beforeAll(async () => {
    fx = await openMessagingFixture([Topics.actionConfig]);
    writer = new OutboxWriter(fx.topics);
    topic = fx.topics.resolve(Topics.actionConfig);
    probe = await new KafkaProbe(fx.kafka).start([topic]);
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await Promise.all(dataSources.splice(0).map((d) => d.destroy()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    await probe.stop();
    await fx.close();
  });

  it('in its own process: the commit wakes it', async () => {
    const relay = startRelay(fx.dataSource);
    await waitFor('the relay listening', () => relay.listening);
    await waitPublished(await commitChange());
    await waitPublished(await commitChange(fx.dataSource, 1));
  });

  it('in another replica: NOTIFY wakes it, and a rolled-back change notifies nobody', async () => {
    const relay = startRelay(await replica());
    await waitFor('the relay listening', () => relay.listening);

    const doomed = actionConfigured(2);
    await expect(
      fx.dataSource.transaction(async (manager) => {
        await writer.append(manager, doomed);
        throw new Error('the change failed after its event was appended');
      }),
    ).rejects.toThrow('the change failed');
    const later = await commitChange(fx.dataSource, 2);
    await waitPublished(later);
    expect(published()).not.toContain(doomed.eventId);
  });

  it('listens again after its connection was cut (a failover), and hears the commits after it', async () => {
    const { hostname, port } = new URL(testDatabaseUrl());
    const proxy = await TcpProxy.start(hostname, Number(port || 5432));
    proxies.push(proxy);
    const relay = startRelay(await replica(proxy));
    await waitFor('the relay listening', () => relay.listening);
    await waitPublished(await commitChange());

    proxy.cut();
    await waitFor(
      'the connection lost',
      () => relay.listening,
      (up) => !up,
    );
    // Written while nobody listened: heard of once the connection is back.
    const meanwhile = await commitChange(fx.dataSource, 3);
    proxy.restore();
    await waitFor('the relay listening again', () => relay.listening);
    await waitPublished(meanwhile);
    await waitPublished(await commitChange(fx.dataSource, 4));
  });

  it('closes its LISTEN connection on stop', async () => {
    const relay = startRelay(fx.dataSource);
    await waitFor('a LISTEN connection', listeners, (n) => n === 1);
    await relay.stop();
    expect(await listeners()).toBe(0);
  });
});
