#!/usr/bin/env node
// How long a consumer group takes to hand a dead replica's partitions to a live one. Two member
// processes run libs/messaging's IdempotentConsumer (from dist, with its default session timeout
// and heartbeat) in one group on a fresh 6-partition topic, on real Kafka and PostgreSQL, while
// this process produces one event per partition every 50 ms. Then one member is killed with
// SIGKILL (no goodbye: the group notices only when its session times out), and the time until
// the survivor consumes from every partition the dead one held is the takeover time. Baseline,
// in the same run: the same hand-over after SIGTERM, where the member leaves the group cleanly.
//
//   npm run bench:takeover [-- --rounds 3]   (builds first; Node 24)
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const dist = (path) => require(join(root, path));
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    member: { type: 'string' },
    topic: { type: 'string' },
    group: { type: 'string' },
    schema: { type: 'string' },
    'database-url': { type: 'string' },
    brokers: { type: 'string' },
  },
});
const PARTITIONS = 6;
const { createKafka, IdempotentConsumer, messagingEntities } = dist('libs/messaging/dist/index.js');
const { ActionConfiguredV1, createEvent, serializeEvent } = dist('libs/contracts/dist/index.js');

if (args.member) await runMember();
else await runBenchmark();

/** A group member: reports every partition it consumes from to the parent. */
async function runMember() {
  const { ignoreKafkajsTimeoutWarnings } = await import('../kafka/kafka.mjs');
  ignoreKafkajsTimeoutWarnings();
  const { DataSource } = require('typeorm');
  const dataSource = new DataSource({
    type: 'postgres',
    url: args['database-url'],
    schema: args.schema,
    entities: messagingEntities,
  });
  await dataSource.initialize();
  const kafka = createKafka({ clientId: `takeover-${args.member}`, brokers: args.brokers.split(',') });
  // The handler says which partition this member consumes, at most every 20 ms per partition.
  const reported = new Map();
  const report = async (_event, { partition }) => {
    if (Date.now() - (reported.get(partition) ?? 0) < 20) return;
    reported.set(partition, Date.now());
    process.send?.({ member: args.member, partition, at: Date.now() });
  };
  const consumer = new IdempotentConsumer(kafka, dataSource, {
    groupId: args.group,
    topics: [args.topic],
    handlers: [{ eventType: 'ActionConfigured', handle: report }],
  });
  process.on('SIGTERM', async () => {
    await consumer.stop();
    await dataSource.destroy();
    process.exit(0);
  });
  await consumer.start();
}

async function runBenchmark() {
  const { ensurePostgres } = await import('../db/postgres.mjs');
  const { benchDatabaseUrl } = await import('./bench-database.mjs');
  const { ensureKafka, ignoreKafkajsTimeoutWarnings } = await import('../kafka/kafka.mjs');
  ignoreKafkajsTimeoutWarnings();
  const { Client } = require('pg');
  const say = (line) => console.log(`[bench] ${line}`);
  const kafkaServer = await ensureKafka();
  const postgres = await ensurePostgres({ databaseUrl: benchDatabaseUrl() });
  const id = randomBytes(3).toString('hex');
  const schema = `takeover_${id}`;
  const topic = `bench.${id}.takeover`;
  const group = `bench.${id}.takeover`;
  const db = new Client({ connectionString: postgres.databaseUrl });
  await db.connect();
  await db.query(`CREATE SCHEMA "${schema}"`);
  await db.query(
    `CREATE TABLE "${schema}"."inbox_message" ("consumer_group" text NOT NULL, "event_id" uuid NOT NULL, "event_type" text NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), PRIMARY KEY ("consumer_group", "event_id"))`,
  );
  const kafka = createKafka({ clientId: 'takeover-bench', brokers: kafkaServer.brokers });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();

  // Who consumed each partition last, and when.
  const owner = new Map();
  const listeners = new Set();
  const spawnMember = (name) => {
    const child = fork(import.meta.filename, [
      ...['--member', name, '--topic', topic, '--group', group, '--schema', schema],
      ...['--database-url', postgres.databaseUrl, '--brokers', kafkaServer.brokers.join(',')],
    ]);
    child.on('message', (m) => {
      owner.set(m.partition, { member: m.member, at: m.at });
      for (const listen of listeners) listen();
    });
    return { name, child };
  };
  const until = (condition, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the group')), timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  const partitionsOf = (member) => [...owner].filter(([, o]) => o.member === member).map(([p]) => p);
  const balanced = (a, b) =>
    owner.size === PARTITIONS && partitionsOf(a).length > 0 && partitionsOf(b).length > 0;

  let producing = true;
  const produce = (async () => {
    for (let n = 0; producing; n++) {
      const messages = Array.from({ length: PARTITIONS }, (_, partition) => {
        const event = createEvent(ActionConfiguredV1, {
          appId: '00000000-0000-4000-8000-000000000000',
          correlationId: '00000000-0000-4000-8000-000000000001',
          payload: {
            actionKey: `a${partition}`,
            configurationId: '00000000-0000-4000-8000-000000000002',
            authorizationType: 'pre-authorize',
            mechanism: 'oauth2',
            profile: { kind: 'system' },
            firstTime: n === 0,
          },
        });
        return { ...serializeEvent(event), partition };
      });
      await producer.send({ topic, acks: -1, messages });
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  /** Stops `victim` with `signal`; seconds until `survivor` consumes every partition it held. */
  async function handOver(victim, survivor, signal) {
    const held = partitionsOf(victim.name);
    const stoppedAt = Date.now();
    victim.child.kill(signal);
    await until(() =>
      held.every((p) => owner.get(p).member === survivor.name && owner.get(p).at > stoppedAt),
    );
    return {
      seconds: (Math.max(...held.map((p) => owner.get(p).at)) - stoppedAt) / 1000,
      partitions: held.length,
    };
  }

  const results = { SIGKILL: [], SIGTERM: [] };
  const survivor = spawnMember('survivor');
  let counter = 0;
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      const victim = spawnMember(`victim-${++counter}`);
      await until(() => balanced(survivor.name, victim.name));
      await new Promise((r) => setTimeout(r, 2_000)); // settled, consuming steadily
      const result = await handOver(victim, survivor, signal);
      results[signal].push(result.seconds);
      say(
        `round ${round + 1}: ${signal.padEnd(7)} ${result.partitions} partition(s) moved in ${result.seconds.toFixed(1)} s`,
      );
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const list = (xs) => xs.map((x) => x.toFixed(1)).join(', ');
  console.log(
    `takeover after SIGKILL (session timeout): median ${median(results.SIGKILL).toFixed(1)} s  [${list(results.SIGKILL)}]`,
  );
  console.log(
    `hand-over after SIGTERM (leaves the group), baseline: median ${median(results.SIGTERM).toFixed(1)} s  [${list(results.SIGTERM)}]`,
  );

  producing = false;
  await produce;
  survivor.child.kill('SIGTERM');
  await new Promise((r) => survivor.child.once('exit', r));
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  await db.query(`DROP SCHEMA "${schema}" CASCADE`);
  await db.end();
  await postgres.stop();
  await kafkaServer.stop();
}
