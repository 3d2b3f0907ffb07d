// A real single-node Apache Kafka broker (KRaft) from its Maven Central artifacts, for
// development and tests. Why 4.1.1: Kafka 4.x removed old protocol versions (KIP-896), but
// the versions kafkajs 2.2.4 speaks (Produce 7, Fetch 11, JoinGroup 5, OffsetCommit 5,
// OffsetFetch 4, ListOffsets 3, CreateTopics 3, InitProducerId 1) all remain; the messaging
// integration tests (groups, idempotent producers, DLQs, a broker restart) pass on it.
//
//   node tools/kafka/kafka.mjs fetch|start|stop|status|run
//   env: KAFKA_VERSION (4.1.1), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (512m)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import kafkajs from 'kafkajs';

const here = import.meta.dirname;
const cacheRoot = join(here, '..', '..', '.cache', 'kafka');
const log = (msg) => process.stderr.write(`[kafka] ${msg}\n`);

export function settings(overrides = {}) {
  const version = overrides.version ?? process.env.KAFKA_VERSION ?? '4.1.1';
  const port = Number(overrides.port ?? process.env.KAFKA_PORT ?? 9092);
  const controllerPort = Number(overrides.controllerPort ?? process.env.KAFKA_CONTROLLER_PORT ?? port + 1);
  return {
    version,
    port,
    controllerPort,
    heap: overrides.heap ?? process.env.KAFKA_HEAP ?? '512m',
    libs: join(cacheRoot, version, 'libs'),
    dataDir: join(cacheRoot, `data-${port}`),
    pidFile: join(cacheRoot, `broker-${port}.pid`),
    logFile: join(cacheRoot, `broker-${port}.log`),
    brokers: [`127.0.0.1:${port}`],
  };
}

function requireTool(cmd, hint) {
  if (spawnSync(cmd, ['-version'], { stdio: 'ignore' }).error) {
    throw new Error(`"${cmd}" is not installed; ${hint}`);
  }
}

/** Resolves the broker and its runtime dependencies into .cache/kafka/<version>/libs (once). */
export function fetchKafka(overrides = {}) {
  const s = settings(overrides);
  if (existsSync(s.libs) && readdirSync(s.libs).some((f) => f.startsWith(`kafka_2.13-${s.version}`)))
    return s;
  requireTool('java', 'install Java 17+ (Debian: apt-get install openjdk-17-jre-headless)');
  requireTool('mvn', 'install Maven (Debian: apt-get install maven)');
  log(`fetching Apache Kafka ${s.version} from Maven Central (first run only)...`);
  const started = Date.now();
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      join(here, 'pom.xml'),
      `-Dkafka.version=${s.version}`,
      // Pinned: an unpinned "dependency:" prefix may resolve to a very old plugin.
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${s.libs}`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    rmSync(s.libs, { recursive: true, force: true });
    throw new Error(`Maven could not fetch org.apache.kafka:kafka_2.13:${s.version} (exit ${result.status})`);
  }
  log(`fetched ${readdirSync(s.libs).length} jars in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return s;
}

function writeServerProperties(s) {
  mkdirSync(s.dataDir, { recursive: true });
  const file = join(cacheRoot, `server-${s.port}.properties`);
  const listeners = `PLAINTEXT://127.0.0.1:${s.port},CONTROLLER://127.0.0.1:${s.controllerPort}`;
  writeFileSync(
    file,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.bootstrap.servers=127.0.0.1:${s.controllerPort}`,
      `listeners=${listeners}`,
      `advertised.listeners=${listeners}`,
      'inter.broker.listener.name=PLAINTEXT',
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${s.dataDir}`,
      // One node cannot meet the replication defaults.
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'offsets.topic.num.partitions=1',
      // The 3 s default delays every new consumer group in tests.
      'group.initial.rebalance.delay.ms=0',
      'num.network.threads=2',
      'num.io.threads=2',
      'auto.create.topics.enable=true',
      '',
    ].join('\n'),
  );
  return file;
}

function java(s, args, opts) {
  const jvm = [`-Xmx${s.heap}`, `-Xms${s.heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true'];
  const log4j = `-Dlog4j2.configurationFile=${join(here, 'log4j2.properties')}`;
  return spawn('java', [...jvm, log4j, '-cp', `${s.libs}/*`, ...args], opts);
}

function formatStorage(s, propsFile) {
  if (existsSync(join(s.dataDir, 'meta.properties'))) return;
  const clusterId = randomBytes(16).toString('base64url');
  const jvm = [`-Dlog4j2.configurationFile=${join(here, 'log4j2.properties')}`, '-cp', `${s.libs}/*`];
  const result = spawnSync(
    'java',
    [...jvm, 'kafka.tools.StorageTool', 'format', '--standalone', '-g', '-t', clusterId, '-c', propsFile],
    { encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`formatting ${s.dataDir} failed:\n${result.stdout}${result.stderr}`);
}

const quietKafka = (brokers) =>
  new kafkajs.Kafka({
    clientId: 'actionhub-kafka-tool',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
    connectionTimeout: 1000,
  });

/** True when a broker answers on the port. */
export async function isAnswering(brokers) {
  const admin = quietKafka(brokers).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

function readPid(s) {
  try {
    const pid = Number(readFileSync(s.pidFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function logTail(s, lines = 25) {
  try {
    return readFileSync(s.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a broker in the background and waits until it answers. */
export async function startKafka(overrides = {}) {
  const s = fetchKafka(overrides);
  if (await isAnswering(s.brokers)) {
    log(`a broker already answers on ${s.brokers[0]}`);
    return s;
  }
  const propsFile = writeServerProperties(s);
  formatStorage(s, propsFile);
  log(`starting broker on ${s.brokers[0]} (log: ${s.logFile})...`);
  const out = openSync(s.logFile, 'a');
  const child = java(s, ['kafka.Kafka', propsFile], { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  writeFileSync(s.pidFile, String(child.pid));
  let exited = null;
  child.once('exit', (code) => (exited = code));
  await waitUntilAnswering(s, overrides.timeoutMs ?? 90_000, () => exited);
  return s;
}

async function waitUntilAnswering(s, timeoutMs, exitCode) {
  const started = Date.now();
  while (!(await isAnswering(s.brokers))) {
    if (exitCode() !== null) throw new Error(`the broker exited (code ${exitCode()}):\n${logTail(s)}`);
    if (Date.now() - started > timeoutMs) {
      throw new Error(`no answer on ${s.brokers[0]} after ${timeoutMs / 1000} s; broker log:\n${logTail(s)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`broker ready on ${s.brokers[0]} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Stops the broker this tool started on that port (SIGTERM, then SIGKILL after a grace period). */
export async function stopKafka(overrides = {}) {
  const s = settings(overrides);
  const pid = readPid(s);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + (overrides.graceMs ?? 30_000);
  while (readPid(s) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (readPid(s)) {
    log(`broker ${pid} ignored SIGTERM; killing it`);
    process.kill(pid, 'SIGKILL');
  }
  rmSync(s.pidFile, { force: true });
  log(`broker on ${s.brokers[0]} stopped`);
  return true;
}

/** Reuses a broker that already answers, or starts one; stop() only stops what was started here. */
export async function ensureKafka(overrides = {}) {
  const s = settings(overrides);
  if (await isAnswering(s.brokers)) return { brokers: s.brokers, startedByUs: false, stop: async () => {} };
  await startKafka(overrides);
  return { brokers: s.brokers, startedByUs: true, stop: () => stopKafka(overrides) };
}

async function main(command) {
  const s = settings();
  switch (command) {
    case 'fetch':
      fetchKafka();
      return;
    case 'start':
      await startKafka();
      return;
    case 'stop':
      if (!(await stopKafka())) log(`no broker started by this tool on ${s.brokers[0]}`);
      return;
    case 'status': {
      const up = await isAnswering(s.brokers);
      log(
        `${s.brokers[0]}: ${up ? 'answering' : 'not answering'}${readPid(s) ? ` (pid ${readPid(s)})` : ''}`,
      );
      process.exitCode = up ? 0 : 1;
      return;
    }
    case 'run': {
      await startKafka();
      const stop = () => stopKafka().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      log('running; Ctrl-C stops the broker');
      setInterval(() => {}, 1 << 30);
      return;
    }
    default:
      console.error('usage: node tools/kafka/kafka.mjs fetch|start|stop|status|run');
      process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2]).catch((error) => {
    console.error(`[kafka] ${error.message}`);
    process.exit(1);
  });
}
