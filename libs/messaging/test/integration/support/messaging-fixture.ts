import { createKafka, ensureTopics, messagingEntities, TopicNames } from '../../../src';
import { openTestSchema, testDatabaseUrl, testKafkaBrokers, uniqueTopicPrefix } from '@actionhub/testing';
import { Kafka } from 'kafkajs';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';

/** The state change an event describes, in the tests. */
@Entity({ name: 'widget' })
export class WidgetEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
}

/** One row per handled event: the "effect" whose count must stay one under redelivery. */
@Entity({ name: 'effect' })
export class EffectEntity {
  @PrimaryColumn({ name: 'seq', type: 'int', generated: 'increment' }) seq!: number;
  @Column({ name: 'event_id', type: 'uuid' }) eventId!: string;
}

/** The tables exactly as the services' migrations create them (same DDL TypeORM generates). */
export const messagingTablesSql = (s: string) => [
  `CREATE TABLE "${s}"."outbox_event" ("id" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "topic" text NOT NULL, "key" text NOT NULL, "event_type" text NOT NULL, "value" text NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "parked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`,
  `CREATE INDEX "ix_outbox_event_unpublished" ON "${s}"."outbox_event" ("seq") WHERE published_at IS NULL`,
  `CREATE INDEX "ix_outbox_event_unpublished_key" ON "${s}"."outbox_event" ("topic", "key", "seq") WHERE published_at IS NULL`,
  `CREATE TABLE "${s}"."inbox_message" ("consumer_group" text NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c34c7ebcdcf1960fb9f3e5e4bd0" PRIMARY KEY ("consumer_group", "event_id"))`,
];

const testTablesSql = (s: string) => [
  `CREATE TABLE "${s}"."widget" ("id" uuid PRIMARY KEY, "name" text NOT NULL)`,
  `CREATE TABLE "${s}"."effect" ("seq" SERIAL PRIMARY KEY, "event_id" uuid NOT NULL)`,
];

export interface MessagingFixture {
  dataSource: DataSource;
  kafka: Kafka;
  topics: TopicNames;
  /** Another DataSource on the same schema, through `url` (a TcpProxy in front of PostgreSQL). */
  connectVia(url: (databaseUrl: string) => string): Promise<DataSource>;
  close(): Promise<void>;
}

/** A fresh schema and a unique topic prefix on the real PostgreSQL and Kafka. */
export async function openMessagingFixture(
  contractTopics: string[],
  brokers = testKafkaBrokers(),
): Promise<MessagingFixture> {
  const db = await openTestSchema({
    prefix: 'messaging',
    entities: [...messagingEntities, WidgetEntity, EffectEntity],
    setupSql: (s) => [...messagingTablesSql(s), ...testTablesSql(s)],
  });
  const kafka = createKafka({ clientId: 'messaging-test', brokers });
  const topics = new TopicNames(uniqueTopicPrefix());
  await ensureTopics(
    kafka,
    contractTopics.flatMap((t) => [topics.resolve(t), topics.dlq(t)]),
    { numPartitions: 3, replicationFactor: 1 },
  );
  const entities = [...messagingEntities, WidgetEntity, EffectEntity];
  const connectVia = async (url: (databaseUrl: string) => string) => {
    const dataSource = new DataSource({
      type: 'postgres',
      url: url(testDatabaseUrl()),
      schema: db.schema,
      entities,
      extra: { connectionTimeoutMillis: 5_000 },
    });
    return dataSource.initialize();
  };
  return { dataSource: db.dataSource, kafka, topics, connectVia, close: db.drop };
}

export async function effectCounts(dataSource: DataSource): Promise<Map<string, number>> {
  const rows: { event_id: string; n: number }[] = await dataSource
    .createQueryBuilder(EffectEntity, 'e')
    .select('e.event_id', 'event_id')
    .addSelect('count(*)::int', 'n')
    .groupBy('e.event_id')
    .getRawMany();
  return new Map(rows.map((r) => [r.event_id, r.n]));
}
