// Jest global setup for the integration project: a real Kafka broker and a real PostgreSQL.
// `npm test` starts both once and passes KAFKA_BROKERS and DATABASE_URL on; a bare `npx jest`
// reuses whatever answers on the default ports and starts the rest itself.
import { ensureKafka } from '../kafka/kafka.mjs';
import { defaultDatabaseUrl, ensurePostgres, redact } from '../db/postgres.mjs';

const log = (msg) => process.stderr.write(`[jest setup] ${msg}\n`);

export default async function globalSetup() {
  const started = Date.now();
  // Brokers named by the caller are used as they are (they may be on another host, e.g. in
  // docker-compose): starting one here would only shadow them.
  const kafka = process.env.KAFKA_BROKERS
    ? { brokers: process.env.KAFKA_BROKERS.split(','), startedByUs: false, stop: async () => {} }
    : await ensureKafka();
  const base = new URL(process.env.DATABASE_URL ?? defaultDatabaseUrl);
  // Tests get their own database, kept between runs; each test file then works in its own schema.
  if (!base.pathname.endsWith('_test')) base.pathname = `${base.pathname}_test`;
  const postgres = await ensurePostgres({ databaseUrl: base.toString() });
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.DATABASE_URL = postgres.databaseUrl;
  // The teardown runs in this same process: it stops only what this setup started.
  globalThis.__actionhubInfra = { kafka, postgres };
  const how = (x) => (x.startedByUs ? 'started' : 'reused');
  log(
    `Kafka ${kafka.brokers.join(',')} (${how(kafka)}), PostgreSQL ${redact(postgres.databaseUrl)} ` +
      `(${how(postgres)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
