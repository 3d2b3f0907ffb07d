// Jest global setup for the integration project: a real Kafka broker and a real PostgreSQL,
// reused when they already answer (npm test starts them once), started otherwise.
import { ensureKafka } from '../kafka/kafka.mjs';
import { ensurePostgres } from '../db/postgres.mjs';

export default async function globalSetup() {
  const brokers = process.env.KAFKA_BROKERS?.split(',');
  const kafka = await ensureKafka(brokers ? { port: Number(brokers[0].split(':')[1]) } : {});
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub');
  // Tests get their own database; each test file then works in its own schema.
  if (!base.pathname.endsWith('_test')) base.pathname = `${base.pathname}_test`;
  const postgres = await ensurePostgres({ databaseUrl: base.toString() });
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.DATABASE_URL = postgres.databaseUrl;
  globalThis.__actionhubInfra = { kafka, postgres };
}
