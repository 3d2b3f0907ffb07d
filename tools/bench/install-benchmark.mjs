#!/usr/bin/env node
// Template installation end to end: POST .../templates/{templateKey}/installations on
// template-installer -> outbox -> TemplateInstalled on Kafka -> dialogs builds the dialog task ->
// outbox -> DialogTaskCreated on Kafka, seen by a plain consumer. Both services run in this process
// (from dist) on real PostgreSQL and Kafka. Next to it, in the same run and on the same broker, a
// raw kafkajs produce-to-consume round trip, so the ratio shows what the two services (two
// transactions, two outbox relays, two consumer hops) add to one bare Kafka hop.
//
// Two shapes each:
//   one at a time  installs for distinct apps, each waiting for its DialogTaskCreated (no queueing);
//   burst          every template of the action for many apps, `--concurrency` requests in flight;
//                  throughput = installs / (first request .. last DialogTaskCreated).
//
//   npm run bench:install [-- --apps 100 --sequential 50 --concurrency 16]   (builds first; Node 24)
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ensurePostgres } from '../db/postgres.mjs';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';

ignoreKafkajsTimeoutWarnings();
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const dist = (path) => require(join(root, path));
const { values: args } = parseArgs({
  options: {
    apps: { type: 'string', default: '100' },
    sequential: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const burstApps = Number(args.apps);
const sequentialCount = Number(args.sequential);
const concurrency = Number(args.concurrency);
const say = (line) => console.log(`[bench] ${line}`);

const { NestFactory } = require('@nestjs/core');
const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { loadConfig, runMigrations, signDevToken } = dist('libs/service-kit/dist/index.js');
const { MessagingLifecycle } = dist('libs/messaging/dist/index.js');
const { ActionConfiguredV1, createEvent, serializeEvent, Topics } = dist('libs/contracts/dist/index.js');
const { templatesOf } = dist('libs/providers/dist/index.js');
const installer = {
  name: 'template-installer',
  AppModule: dist('apps/template-installer/dist/app.module.js').AppModule,
  configSchema: dist('apps/template-installer/dist/config/template-installer.config.js').configSchema,
  createDataSource: dist('apps/template-installer/dist/database/data-source.js').createDataSource,
};
const dialogs = {
  name: 'dialogs',
  AppModule: dist('apps/dialogs/dist/app.module.js').AppModule,
  configSchema: dist('apps/dialogs/dist/config/dialogs.config.js').configSchema,
  createDataSource: dist('apps/dialogs/dist/database/data-source.js').createDataSource,
};

const kafkaServer = await ensureKafka();
const postgres = await ensurePostgres({
  databaseUrl: (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub').replace(
    /\/[^/]*$/,
    '/actionhub_bench',
  ),
});
for (const s of [installer, dialogs]) {
  await runMigrations(s.name, s.createDataSource, { DATABASE_URL: postgres.databaseUrl });
}

// Both services on one fresh topic prefix, logging at info into nowhere (the pino work is
// measured, the terminal is not).
const prefix = `bench.${randomBytes(3).toString('hex')}.`;
const jwtSecret = randomBytes(32).toString('base64url');
const nowhere = new Writable({ write: (_chunk, _enc, done) => done() });
async function boot(s) {
  const config = loadConfig(s.configSchema, {
    DATABASE_URL: postgres.databaseUrl,
    KAFKA_BROKERS: kafkaServer.brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    JWT_SECRET: jwtSecret,
    INTERNAL_JWT_SECRET: randomBytes(32).toString('base64url'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: args['log-level'],
  });
  const app = await NestFactory.create(s.AppModule.forRoot(config, { logDestination: nowhere }), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  await app.get(MessagingLifecycle).whenStarted();
  return { app, url: `http://127.0.0.1:${app.getHttpServer().address().port}` };
}
const dialogsService = await boot(dialogs);
const installerService = await boot(installer);

const kafka = new Kafka({
  clientId: 'install-bench',
  brokers: kafkaServer.brokers,
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();

/** A consumer that notes when each message arrives, keyed by `keyOf(value)`. */
async function observe(topic, keyOf) {
  const seen = new Map();
  const waiters = new Map();
  const consumer = kafka.consumer({ groupId: `${prefix}observer-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const key = keyOf(message.value.toString());
      if (key === undefined) return;
      seen.set(key, at);
      waiters.get(key)?.(at);
      waiters.delete(key);
    },
  });
  return {
    consumer,
    seen,
    /** Resolves with the arrival time of `key` (at once if it already came). */
    arrival: (key, timeoutMs = 60_000) =>
      seen.has(key)
        ? Promise.resolve(seen.get(key))
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no message for ${key}`)), timeoutMs);
            waiters.set(key, (at) => {
              clearTimeout(timer);
              resolve(at);
            });
          }),
  };
}

function stats(latencies, seconds) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1), rate: sorted.length / seconds };
}
const row = (name, r) => {
  const ms = (v) => `${v.toFixed(1)} ms`.padStart(10);
  return `${name.padEnd(46)} n ${String(r.n).padStart(5)}  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  ${r.rate.toFixed(1).padStart(8)} /s`;
};

/** Runs `work(i)` for i < count with `limit` in flight. */
async function pool(count, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

// --- the services ------------------------------------------------------------------------------
const created = await observe(`${prefix}${Topics.dialogs}`, (value) => {
  const e = JSON.parse(value);
  return e.type === 'DialogTaskCreated' ? e.payload.installationId : undefined;
});

/** Configures apps as action-config would, and waits until template-installer knows them all. */
async function configureApps(count) {
  const apps = await Promise.all(
    Array.from({ length: count }, async () => {
      const appId = randomUUID();
      return {
        appId,
        token: await signDevToken({ sub: 'bench', apps: [appId], edition: 'developer' }, jwtSecret),
      };
    }),
  );
  const events = apps.map(({ appId }) =>
    createEvent(ActionConfiguredV1, {
      appId,
      correlationId: randomUUID(),
      payload: {
        actionKey: 'confluence',
        configurationId: randomUUID(),
        authorizationType: 'pre-authorize',
        mechanism: 'oauth2',
        profile: { kind: 'system' },
        firstTime: true,
      },
    }),
  );
  for (let i = 0; i < events.length; i += 500) {
    const messages = events.slice(i, i + 500).map((e) => {
      const { key, value, headers } = serializeEvent(e);
      return { key, value, headers };
    });
    await producer.send({ topic: `${prefix}${Topics.actionConfig}`, acks: -1, messages });
  }
  const db = new Client({ connectionString: postgres.databaseUrl });
  await db.connect();
  const ids = apps.map((a) => a.appId);
  for (;;) {
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM template_installer.configured_action WHERE app_id = ANY($1::uuid[])',
      [ids],
    );
    if (rows[0].n === ids.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await db.end();
  return apps;
}

/** One install; resolves with request-to-DialogTaskCreated in ms. */
async function install({ appId, token }, templateKey) {
  const t0 = performance.now();
  const res = await fetch(
    `${installerService.url}/v1/apps/${appId}/actions/confluence/templates/${templateKey}/installations`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  const body = await res.json();
  if (res.status !== 202) throw new Error(`install answered ${res.status}: ${JSON.stringify(body)}`);
  return (await created.arrival(body.installationId)) - t0;
}

const templateKeys = templatesOf('confluence').map((t) => t.key);

// --- raw kafkajs -------------------------------------------------------------------------------
const rawTopic = `${prefix}bench.raw`;
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: rawTopic, numPartitions: 3 }], waitForLeaders: true });
await admin.disconnect();
const raw = await observe(rawTopic, (value) => value);
const payload = 'x'.repeat(2048); // about the size of a TemplateInstalled value
async function rawRoundTrip(i) {
  const id = `${randomUUID()}:${i}`;
  const t0 = performance.now();
  await producer.send({
    topic: rawTopic,
    acks: -1,
    messages: [{ key: `app-${i % 97}`, value: id, headers: { p: payload } }],
  });
  return (await raw.arrival(id)) - t0;
}

// --- runs --------------------------------------------------------------------------------------
const warmupApps = await configureApps(10);
const sequentialApps = await configureApps(sequentialCount);
const apps = await configureApps(burstApps);
say(
  `${availableParallelism()} CPUs, Node ${process.version}; ${sequentialCount} installs one at a time, then a burst of ` +
    `${burstApps} apps x ${templateKeys.length} templates = ${burstApps * templateKeys.length} installs with ${concurrency} requests in flight`,
);
// Warm-up: JIT, connection pools, consumer fetch loops, on both paths.
await pool(warmupApps.length, 5, (i) => install(warmupApps[i], 'list-spaces'));
await pool(50, 5, (i) => rawRoundTrip(i));

async function timed(count, limit, work) {
  const latencies = [];
  const started = performance.now();
  await pool(count, limit, async (i) => latencies.push(await work(i)));
  return stats(latencies, (performance.now() - started) / 1000);
}
const rawOne = await timed(sequentialCount, 1, rawRoundTrip);
const servicesOne = await timed(sequentialCount, 1, (i) => install(sequentialApps[i], 'create-content'));
const burstCount = burstApps * templateKeys.length;
const rawBurst = await timed(burstCount, concurrency, rawRoundTrip);
const servicesBurst = await timed(burstCount, concurrency, (i) =>
  install(apps[i % burstApps], templateKeys[Math.floor(i / burstApps)]),
);

console.log(row('raw kafkajs produce->consume, 1 at a time', rawOne));
console.log(row('install->DialogTaskCreated, 1 at a time', servicesOne));
console.log(row(`raw kafkajs produce->consume, ${concurrency} in flight`, rawBurst));
console.log(row(`install->DialogTaskCreated, ${concurrency} in flight`, servicesBurst));
console.log(
  `services / raw: p50 x${(servicesOne.p50 / rawOne.p50).toFixed(1)} one at a time, ` +
    `p50 x${(servicesBurst.p50 / rawBurst.p50).toFixed(1)} and throughput ${((servicesBurst.rate / rawBurst.rate) * 100).toFixed(0)} % in the burst`,
);

await created.consumer.disconnect();
await raw.consumer.disconnect();
await producer.disconnect();
await installerService.app.close();
await dialogsService.app.close();
await postgres.stop();
await kafkaServer.stop();
