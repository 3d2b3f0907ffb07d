#!/usr/bin/env node
// Template installation end to end, as in production: action-config, template-installer and
// dialogs each run as a process of their own (from dist, `node apps/<service>/dist/main.js`, logs
// into .cache/bench/<service>.log) on real PostgreSQL and Kafka. Next to them, in the same run and
// on the same broker, a raw kafkajs produce-to-consume round trip: the ratios show what the
// services add to one bare Kafka hop. The targets are issue 14's; each is printed MET or MISS.
//
//   install, one at a time   POST .../installations -> DialogTaskCreated on Kafka, for distinct apps;
//                            p99 at most 3x the raw hop's p99 (two hops and two commits: ~2x is the floor)
//   install, burst           every template of the action for many apps, --concurrency in flight;
//                            at least 300/s and 60 % of raw kafkajs at the same concurrency, with every
//                            installation built exactly once and each key's events in order
//   notice after save        POST .../configuration/enable on action-config -> the Integration
//                            Successful notice is in template-installer's table; p99 at most 3x raw p99
//   ladder                   installs and raw hops at 1, 2, 4, ... 64 in flight (figures only)
//
// Also printed: peak RSS of each service during the burst, and the load averages around the run
// (other people's work on a shared machine shows there).
//
//   npm run bench:install [-- --apps 100 --sequential 50 --notices 30 --concurrency 16]
//   npm run bench:install -- --cpu-prof     (each service writes a CPU profile into .cache/bench/profiles
//                                            when it stops; summarise with tools/bench/cpu-profile-summary.mjs)
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ensurePostgres } from '../db/postgres.mjs';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';
import { benchDatabaseUrl } from './bench-database.mjs';

ignoreKafkajsTimeoutWarnings();
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const dist = (path) => require(join(root, path));
const { values: args } = parseArgs({
  options: {
    apps: { type: 'string', default: '100' },
    sequential: { type: 'string', default: '50' },
    notices: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '16' },
    ladder: { type: 'string', default: '1,2,4,8,16,32,64' },
    'log-level': { type: 'string', default: 'info' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const burstApps = Number(args.apps);
const sequentialCount = Number(args.sequential);
const noticeCount = Number(args.notices);
const concurrency = Number(args.concurrency);
const ladder = args.ladder ? args.ladder.split(',').map(Number) : [];
const say = (line) => console.log(`[bench] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/** Issue 14's targets: each is a ratio (or a rate) measured in this one run. */
const TARGETS = { installP99xRaw: 3, burstPerSecond: 300, burstShareOfRaw: 0.6, noticeP99xRaw: 3 };

const { Kafka, logLevel } = require('kafkajs');
const { Client } = require('pg');
const { runMigrations, signDevToken } = dist('libs/service-kit/dist/index.js');
const { Topics } = dist('libs/contracts/dist/index.js');
const { templatesOf } = dist('libs/providers/dist/index.js');
const services = ['action-config', 'template-installer', 'dialogs'].map((name) => ({
  name,
  createDataSource: dist(`apps/${name}/dist/database/data-source.js`).createDataSource,
}));

const kafkaServer = await ensureKafka();
const postgres = await ensurePostgres({ databaseUrl: benchDatabaseUrl() });
for (const s of services) {
  await runMigrations(s.name, s.createDataSource, { DATABASE_URL: postgres.databaseUrl });
}

// --- the services, one process each -------------------------------------------------------------
const cacheDir = join(root, '.cache', 'bench');
const profileDir = join(cacheDir, 'profiles');
mkdirSync(profileDir, { recursive: true });
const prefix = `bench.${randomBytes(3).toString('hex')}.`;
const jwtSecret = randomBytes(32).toString('base64url');
const internalSecret = randomBytes(32).toString('base64url');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startService(s) {
  const port = await freePort();
  const logFile = join(cacheDir, `${s.name}.log`);
  const out = openSync(logFile, 'w');
  const nodeArgs = ['--disable-warning=TimeoutNegativeWarning'];
  if (args['cpu-prof']) {
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      `--cpu-prof-name=${s.name}.${Date.now()}.cpuprofile`,
      '--require',
      join(import.meta.dirname, 'exit-after-shutdown.cjs'),
    );
  }
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'apps', s.name, 'dist', 'main.js')], {
    cwd: root,
    stdio: ['ignore', out, out],
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: postgres.databaseUrl,
      KAFKA_BROKERS: kafkaServer.brokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      JWT_SECRET: jwtSecret,
      INTERNAL_JWT_SECRET: internalSecret,
      AUTH_PROFILES_URL: 'http://127.0.0.1:9', // enable with user-authorize never calls it
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: args['log-level'],
    },
  });
  closeSync(out);
  let exited = null;
  const done = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve((exited = signal ?? code))),
  );
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 90_000; ; await sleep(200)) {
    if (exited !== null) throw new Error(`${s.name} exited (${exited}) while starting; see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${s.name} not ready after 90 s; see ${logFile}`);
    const ready = await fetch(`${url}/health/ready`).catch(() => null);
    if (ready?.status === 200) break;
  }
  return { ...s, url, pid: child.pid, stop: () => (child.kill('SIGTERM'), done) };
}
const running = {};
for (const s of services) running[s.name] = await startService(s);

/** CPU time (user + system) a process has used so far, in ms (Linux). */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
};
const brokerPid = (() => {
  try {
    return Number(
      readFileSync(
        join(root, '.cache', 'kafka', `broker-${new URL(`kafka://${kafkaServer.brokers[0]}`).port}.pid`),
        'utf8',
      ),
    );
  } catch {
    return null; // a broker this tool did not start
  }
})();

/** Resident set size of a process in MB (Linux), for the burst's peak. */
const rssMb = (pid) => {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
};

const kafka = new Kafka({
  clientId: 'install-bench',
  brokers: kafkaServer.brokers,
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
const db = new Client({ connectionString: postgres.databaseUrl });
await db.connect();

/**
 * A consumer that notes when each message arrives, by `idOf(value)`, how often, and each Kafka
 * key's ids in the order they came (one key is one partition: offset order).
 */
async function observe(topic, idOf) {
  const seen = new Map();
  const counts = new Map();
  const byKey = new Map();
  const waiters = new Map();
  const consumer = kafka.consumer({ groupId: `${prefix}observer-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const at = performance.now();
      const id = idOf(message.value.toString());
      if (id === undefined) return;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const key = message.key?.toString() ?? '';
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(id);
      if (seen.has(id)) return;
      seen.set(id, at);
      waiters.get(id)?.(at);
      waiters.delete(id);
    },
  });
  return {
    consumer,
    counts,
    byKey,
    /** Resolves with the arrival time of `id` (at once if it already came). */
    arrival: (id, timeoutMs = 60_000) =>
      seen.has(id)
        ? Promise.resolve(seen.get(id))
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no message for ${id}`)), timeoutMs);
            waiters.set(id, (at) => {
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
const ms = (v) => `${v.toFixed(1)} ms`;
const row = (name, r) =>
  `${name.padEnd(46)} n ${String(r.n).padStart(5)}  p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  max ${ms(r.max).padStart(9)}  ${r.rate.toFixed(1).padStart(7)} /s`;

/** Runs `work(i)` for i < count with `limit` in flight. */
async function pool(count, limit, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function timed(count, limit, work) {
  const latencies = [];
  const started = performance.now();
  await pool(count, limit, async (i) => latencies.push(await work(i)));
  return stats(latencies, (performance.now() - started) / 1000);
}

async function call(url, method, token, body) {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// --- apps, configured through action-config as builders do --------------------------------------
const configurationUrl = (appId, rest = '') =>
  `${running['action-config'].url}/v1/apps/${appId}/actions/confluence/configuration${rest}`;

async function newApp() {
  const appId = randomUUID();
  const token = await signDevToken({ sub: 'bench', apps: [appId], edition: 'developer' }, jwtSecret);
  const put = await call(configurationUrl(appId), 'PUT', token, {
    authorizationType: 'user-authorize',
    mechanism: 'oauth2',
    profile: { kind: 'system' },
  });
  if (put.status !== 200)
    throw new Error(`configuration PUT answered ${put.status}: ${JSON.stringify(put.body)}`);
  return { appId, token };
}

/** The first enable: action-config publishes ActionConfigured { firstTime: true }. */
async function enable(app) {
  const res = await call(configurationUrl(app.appId, '/enable'), 'POST', app.token);
  if (res.status !== 200) throw new Error(`enable answered ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Apps configured in action-config, and known to template-installer and dialogs. */
async function configureApps(count) {
  const apps = [];
  await pool(count, 8, async () => {
    const app = await newApp();
    await enable(app);
    apps.push(app);
  });
  const ids = apps.map((a) => a.appId);
  for (const table of ['template_installer.configured_action', 'dialogs.action_configuration']) {
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM ${table} WHERE app_id = ANY($1::uuid[])`,
        [ids],
      );
      if (rows[0].n === ids.length) break;
      await sleep(50);
    }
  }
  return apps;
}

// --- the measured flows -------------------------------------------------------------------------
const created = await observe(`${prefix}${Topics.dialogs}`, (value) => {
  const e = JSON.parse(value);
  return e.type === 'DialogTaskCreated' ? e.payload.installationId : undefined;
});
const installed = await observe(`${prefix}${Topics.templateInstaller}`, (value) => {
  const e = JSON.parse(value);
  return e.type === 'TemplateInstalled' ? e.payload.installationId : undefined;
});

/**
 * One install; resolves with request-to-DialogTaskCreated in ms. `legs`, when given, gets the two
 * halves: request to TemplateInstalled on Kafka, and from there to DialogTaskCreated.
 */
async function install({ appId, token }, templateKey, ids, legs) {
  const t0 = performance.now();
  const res = await call(
    `${running['template-installer'].url}/v1/apps/${appId}/actions/confluence/templates/${templateKey}/installations`,
    'POST',
    token,
  );
  const answered = performance.now();
  if (res.status !== 202) throw new Error(`install answered ${res.status}: ${JSON.stringify(res.body)}`);
  ids?.push(res.body.installationId);
  const done = await created.arrival(res.body.installationId);
  if (legs) {
    const published = await installed.arrival(res.body.installationId);
    legs.push([published - t0, done - published, answered - t0]);
  }
  return done - t0;
}

/** One first save; resolves with request-to-notice-committed in ms (polled every ms). */
async function noticeAfterSave(app) {
  const t0 = performance.now();
  await enable(app);
  for (;;) {
    const { rows } = await db.query('SELECT 1 FROM template_installer.integration_notice WHERE app_id = $1', [
      app.appId,
    ]);
    if (rows.length > 0) return performance.now() - t0;
    await sleep(1);
  }
}

const templateKeys = templatesOf('confluence').map((t) => t.key);
const installsOf = (apps) => (i) => install(apps[i % apps.length], templateKeys[Math.floor(i / apps.length)]);

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

// --- runs ---------------------------------------------------------------------------------------
const ladderApps = ladder.map((c) => Math.max(10, c));
const warmupApps = await configureApps(10);
const sequentialApps = await configureApps(sequentialCount);
const burst = await configureApps(burstApps);
const ladderSets = [];
for (const n of ladderApps) ladderSets.push(await configureApps(n));
const noticeApps = [];
await pool(noticeCount, 8, async () => noticeApps.push(await newApp()));

const loadBefore = load();
say(
  `${availableParallelism()} CPUs, Node ${process.version}, load average ${loadBefore}; services as processes ` +
    `(${services.map((s) => s.name).join(', ')}); ${sequentialCount} installs one at a time, ${noticeCount} first saves, ` +
    `a burst of ${burstApps} apps x ${templateKeys.length} templates = ${burstApps * templateKeys.length} installs with ${concurrency} in flight`,
);
// Warm-up: JIT, connection pools, consumer fetch loops, on every path.
await pool(warmupApps.length, 5, (i) => install(warmupApps[i], 'list-spaces'));
await pool(50, 5, (i) => rawRoundTrip(i));

const rawOne = await timed(sequentialCount, 1, rawRoundTrip);
const legs = [];
const installOne = await timed(sequentialCount, 1, (i) =>
  install(sequentialApps[i], 'create-content', undefined, legs),
);
const noticeOne = await timed(noticeCount, 1, (i) => noticeAfterSave(noticeApps[i]));

const burstCount = burstApps * templateKeys.length;
const rawBurst = await timed(burstCount, concurrency, rawRoundTrip);
const peakRss = Object.fromEntries(services.map((s) => [s.name, 0]));
const sampler = setInterval(() => {
  for (const s of services) peakRss[s.name] = Math.max(peakRss[s.name], rssMb(running[s.name].pid));
}, 50);
const cpuBefore = Object.fromEntries(services.map((s) => [s.name, cpuMs(running[s.name].pid)]));
const brokerCpuBefore = brokerPid ? cpuMs(brokerPid) : 0;
const burstIds = [];
const installBurst = await timed(burstCount, concurrency, (i) =>
  install(burst[i % burstApps], templateKeys[Math.floor(i / burstApps)], burstIds),
);
clearInterval(sampler);
const cpuPerInstall = Object.fromEntries(
  services.map((s) => [s.name, (cpuMs(running[s.name].pid) - cpuBefore[s.name]) / burstCount]),
);
const brokerCpuPerInstall = brokerPid ? (cpuMs(brokerPid) - brokerCpuBefore) / burstCount : NaN;

// Nothing lost or doubled, and each key's order kept, under the burst.
const lost = burstIds.filter((id) => !created.counts.has(id)).length;
const doubled = burstIds.filter((id) => (created.counts.get(id) ?? 0) > 1).length;
const inBurst = new Set(burstIds);
let keysOutOfOrder = 0;
for (const [key, ids] of installed.byKey) {
  const sent = ids.filter((id) => inBurst.has(id)).join();
  const built = (created.byKey.get(key) ?? []).filter((id) => inBurst.has(id)).join();
  if (sent !== built) keysOutOfOrder++;
}
let notInstalled = -1;
for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM template_installer.template_installation
      WHERE id = ANY($1::uuid[]) AND status <> 'installed'`,
    [burstIds],
  );
  notInstalled = rows[0].n;
  if (notInstalled === 0) break;
}

const ladderRows = [];
for (const [n, c] of ladder.entries()) {
  const apps = ladderSets[n];
  const count = apps.length * templateKeys.length;
  ladderRows.push({
    c,
    raw: await timed(count, c, rawRoundTrip),
    install: await timed(count, c, installsOf(apps)),
  });
}
const loadAfter = load();

console.log(row('raw kafkajs produce->consume, 1 at a time', rawOne));
console.log(row('install->DialogTaskCreated, 1 at a time', installOne));
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(
  `  of which: request->TemplateInstalled on Kafka p50 ${ms(median(legs.map((l) => l[0])))}, ` +
    `TemplateInstalled->DialogTaskCreated p50 ${ms(median(legs.map((l) => l[1])))} (the request answered 202 after ${ms(median(legs.map((l) => l[2])))})`,
);
console.log(row('save->Integration Successful notice, 1 at a time', noticeOne));
console.log(row(`raw kafkajs produce->consume, ${concurrency} in flight`, rawBurst));
console.log(row(`install->DialogTaskCreated, ${concurrency} in flight`, installBurst));
if (ladderRows.length > 0) {
  console.log(
    '\nin flight |  raw p50 |  raw p99 |   raw /s | install p50 | install p99 | install /s | install/raw',
  );
  for (const { c, raw: r, install: i } of ladderRows) {
    console.log(
      `${String(c).padStart(9)} | ${ms(r.p50).padStart(8)} | ${ms(r.p99).padStart(8)} | ${r.rate.toFixed(0).padStart(8)} | ` +
        `${ms(i.p50).padStart(11)} | ${ms(i.p99).padStart(11)} | ${i.rate.toFixed(0).padStart(10)} | ${((i.rate / r.rate) * 100).toFixed(0).padStart(9)} %`,
    );
  }
}
console.log(
  `\npeak RSS during the burst: ${services.map((s) => `${s.name} ${peakRss[s.name].toFixed(0)} MB`).join(', ')}`,
);
console.log(
  `CPU per install in the burst: ${services.map((s) => `${s.name} ${cpuPerInstall[s.name].toFixed(2)} ms`).join(', ')}` +
    (brokerPid ? `, Kafka broker ${brokerCpuPerInstall.toFixed(2)} ms` : ''),
);

const verdict = (met) => (met ? 'MET ' : 'MISS');
const targets = [
  [
    `install, 1 at a time: p99 ${ms(installOne.p99)} = x${(installOne.p99 / rawOne.p99).toFixed(2)} raw p99 (aim: at most x${TARGETS.installP99xRaw})`,
    installOne.p99 / rawOne.p99 <= TARGETS.installP99xRaw,
  ],
  [
    `install, ${concurrency} in flight: ${installBurst.rate.toFixed(0)} installs/s (aim: at least ${TARGETS.burstPerSecond})`,
    installBurst.rate >= TARGETS.burstPerSecond,
  ],
  [
    `install, ${concurrency} in flight: ${((installBurst.rate / rawBurst.rate) * 100).toFixed(0)} % of raw kafkajs throughput (aim: at least ${TARGETS.burstShareOfRaw * 100} %)`,
    installBurst.rate / rawBurst.rate >= TARGETS.burstShareOfRaw,
  ],
  [
    `install, ${concurrency} in flight: ${lost} lost, ${doubled} doubled, ${keysOutOfOrder} keys out of order, ${notInstalled} not installed (aim: 0 each)`,
    lost === 0 && doubled === 0 && keysOutOfOrder === 0 && notInstalled === 0,
  ],
  [
    `notice after save: p99 ${ms(noticeOne.p99)} = x${(noticeOne.p99 / rawOne.p99).toFixed(2)} raw p99 (aim: at most x${TARGETS.noticeP99xRaw})`,
    noticeOne.p99 / rawOne.p99 <= TARGETS.noticeP99xRaw,
  ],
];
console.log('\ntargets (issue 14)');
for (const [text, met] of targets) console.log(`  ${verdict(met)}  ${text}`);
console.log(`load average ${loadBefore} before the runs, ${loadAfter} after (1, 5, 15 min)`);

await created.consumer.disconnect();
await installed.consumer.disconnect();
await raw.consumer.disconnect();
await producer.disconnect();
await db.end();
await Promise.all(Object.values(running).map((s) => s.stop()));
if (args['cpu-prof']) say(`CPU profiles in ${profileDir} (node tools/bench/cpu-profile-summary.mjs <file>)`);
await postgres.stop();
await kafkaServer.stop();
