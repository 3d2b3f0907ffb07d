// A real single-node Apache Kafka broker (KRaft) from its Maven Central artifacts, for
// development and tests, without Docker or the binary tarball (see README.md here).
//
// Why 4.1.1: Kafka 4.x removed old protocol versions (KIP-896), but the versions kafkajs 2.2.4
// speaks (Produce 7, Fetch 11, JoinGroup 5, OffsetCommit 5, OffsetFetch 4, ListOffsets 3,
// CreateTopics 3, InitProducerId 1) all remain; the messaging integration tests (groups,
// idempotent producers, DLQs, a broker restart) pass on it. Past 4.1, check each version's
// *Request.json ranges against that list before bumping.
//
//   node tools/kafka/kafka.mjs fetch|start|stop|status|run
//   env: KAFKA_VERSION (4.1.1), KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT + 1), KAFKA_HEAP (512m)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import kafkajs from 'kafkajs';

const here = import.meta.dirname;
const cacheRoot = join(here, '..', '..', '.cache', 'kafka');
const log = (msg) => process.stderr.write(`[kafka] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const JAVA_HINT = 'install Java 17 or newer (Debian: apt-get install -y openjdk-17-jre-headless)';
const MAVEN_HINT = 'install Maven (Debian: apt-get install -y maven)';

export function settings(overrides = {}) {
  const version = overrides.version ?? process.env.KAFKA_VERSION ?? '4.1.1';
  const port = Number(overrides.port ?? process.env.KAFKA_PORT ?? 9092);
  const controllerPort = Number(overrides.controllerPort ?? process.env.KAFKA_CONTROLLER_PORT ?? port + 1);
  return {
    version,
    port,
    controllerPort,
    heap: overrides.heap ?? process.env.KAFKA_HEAP ?? '512m',
    startTimeoutMs: overrides.timeoutMs ?? 60_000,
    libs: join(cacheRoot, version, 'libs'),
    // `home` keeps a broker's data, log, pid and properties in a folder of its own (tests).
    dataDir: overrides.home ? join(overrides.home, 'data') : join(cacheRoot, `data-${port}`),
    pidFile: overrides.home ? join(overrides.home, 'broker.pid') : join(cacheRoot, `broker-${port}.pid`),
    logFile: overrides.home ? join(overrides.home, 'broker.log') : join(cacheRoot, `broker-${port}.log`),
    propsFile: overrides.home
      ? join(overrides.home, 'server.properties')
      : join(cacheRoot, `server-${port}.properties`),
    brokers: [`127.0.0.1:${port}`],
    secure: overrides.secure ?? null,
  };
}

/**
 * Listeners beside the plain one (which readiness checks and inter-broker traffic keep using):
 * `secure: { saslSslPort, sslPort, keystore: { file, password }, truststoreFile, scramUsers,
 * plainUsers }`. SASL_SSL takes PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 over TLS; SSL asks every
 * client for a certificate signed by the truststore's CA (mutual TLS). The keystore is PKCS12,
 * the truststore a PEM CA; SCRAM users are written into the metadata when storage is formatted.
 */
function secureProperties(secure) {
  const lines = [];
  const sslOf = (listener) => [
    `listener.name.${listener}.ssl.keystore.type=PKCS12`,
    `listener.name.${listener}.ssl.keystore.location=${secure.keystore.file}`,
    `listener.name.${listener}.ssl.keystore.password=${secure.keystore.password}`,
    `listener.name.${listener}.ssl.key.password=${secure.keystore.password}`,
  ];
  if (secure.saslSslPort) {
    const plainUsers = Object.entries(secure.plainUsers ?? {})
      .map(([name, password]) => ` user_${name}="${password}"`)
      .join('');
    lines.push(
      ...sslOf('sasl_ssl'),
      'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${plainUsers};`,
      'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    );
  }
  if (secure.sslPort) {
    lines.push(
      ...sslOf('ssl'),
      'listener.name.ssl.ssl.client.auth=required',
      'listener.name.ssl.ssl.truststore.type=PEM',
      `listener.name.ssl.ssl.truststore.location=${secure.truststoreFile}`,
    );
  }
  return lines;
}

function requireTool(cmd, hint) {
  if (spawnSync(cmd, ['-version'], { stdio: 'ignore' }).error) {
    throw new Error(`"${cmd}" was not found on PATH; ${hint}`);
  }
}

const isFetched = (s) => existsSync(join(s.libs, `kafka_2.13-${s.version}.jar`));

/** Resolves the broker and its runtime jars into .cache/kafka/<version>/libs; a no-op once there. */
export function fetchKafka(overrides = {}) {
  const s = settings(overrides);
  if (isFetched(s)) return s;
  requireTool('java', JAVA_HINT);
  requireTool('mvn', MAVEN_HINT);
  log(`fetching Apache Kafka ${s.version} from Maven Central into ${s.libs}`);
  log('(first run only: a few seconds with a warm ~/.m2, about half a minute without)...');
  const started = Date.now();
  // Maven copies into a scratch folder that is renamed into place, so an interrupted fetch never
  // leaves a libs folder that looks complete.
  const scratch = `${s.libs}.partial-${process.pid}`;
  const result = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(here, 'pom.xml'),
      `-Dkafka.version=${s.version}`,
      // Pinned: an unpinned "dependency:" prefix may resolve to a very old plugin.
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${scratch}`,
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    // eslint-disable-next-line no-control-regex -- Maven colours its errors even in batch mode.
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '').trim();
    throw new Error(
      `Maven could not fetch org.apache.kafka:kafka_2.13:${s.version} (exit ${result.status}); ` +
        `is KAFKA_VERSION right and Maven Central reachable?\n${output.split('\n').slice(-30).join('\n')}`,
    );
  }
  // Another process may have finished the same fetch meanwhile; theirs is as good as ours.
  if (isFetched(s)) rmSync(scratch, { recursive: true, force: true });
  else renameSync(scratch, s.libs);
  log(`fetched ${readdirSync(s.libs).length} jars in ${seconds(started)}`);
  return s;
}

function writeServerProperties(s) {
  mkdirSync(s.dataDir, { recursive: true });
  const file = s.propsFile;
  const listeners = [
    `PLAINTEXT://127.0.0.1:${s.port}`,
    ...(s.secure?.saslSslPort ? [`SASL_SSL://127.0.0.1:${s.secure.saslSslPort}`] : []),
    ...(s.secure?.sslPort ? [`SSL://127.0.0.1:${s.secure.sslPort}`] : []),
    `CONTROLLER://127.0.0.1:${s.controllerPort}`,
  ].join(',');
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
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL',
      ...(s.secure ? secureProperties(s.secure) : []),
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
      // Fewer threads start faster on small (2-core) machines.
      'num.network.threads=2',
      'num.io.threads=2',
      'auto.create.topics.enable=true',
      '',
    ].join('\n'),
  );
  return file;
}

const log4jOption = () => `-Dlog4j2.configurationFile=${join(here, 'log4j2.properties')}`;

/**
 * A random cluster id as Kafka makes them: 16 bytes in base64url, never starting with `-`, which
 * kafka-storage's command line would read as an option (one id in 64 otherwise).
 */
export function newClusterId(random = randomBytes) {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Formats the data folder once, with a fresh random cluster id; -g makes a repeat harmless. */
function formatStorage(s, propsFile) {
  if (existsSync(join(s.dataDir, 'meta.properties'))) return;
  const clusterId = newClusterId();
  const result = spawnSync(
    'java',
    [
      log4jOption(),
      '-cp',
      `${s.libs}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-g',
      '-t',
      clusterId,
      '-c',
      propsFile,
      ...(s.secure?.scramUsers ?? []).flatMap(({ mechanism, username, password }) => [
        '--add-scram',
        `${mechanism}=[name=${username},password=${password}]`,
      ]),
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`formatting ${s.dataDir} failed:\n${result.stdout}${result.stderr}`);
  }
}

const quietKafka = (brokers) =>
  new kafkajs.Kafka({
    clientId: 'actionhub-kafka-tool',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
    connectionTimeout: 1000,
  });

/** True when a broker answers a metadata request (the port alone opens before it is usable). */
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

/** The pid of the broker this tool started on the port, if that process is still alive. */
function readPid(s) {
  try {
    const pid = Number(readFileSync(s.pidFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** The end of the broker log, without Java stack frames, which would crowd out the cause. */
function logTail(s, lines = 25) {
  try {
    const text = readFileSync(s.logFile, 'utf8').trim().split('\n');
    return text
      .filter((line) => !/^\s+(at |\.\.\. \d+ more)/.test(line))
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log yet)';
  }
}

async function waitUntilAnswering(s, { timeoutMs, exitCode }) {
  const started = Date.now();
  let nextNote = started + 10_000;
  while (!(await isAnswering(s.brokers))) {
    if (exitCode() !== null) {
      throw new Error(
        `the broker exited (${exitCode()}) before answering; ${s.logFile} ends with:\n${logTail(s)}`,
      );
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `no answer on ${s.brokers[0]} after ${timeoutMs / 1000} s (the broker is still running, see ` +
          `"npm run kafka stop"); ${s.logFile} ends with:\n${logTail(s)}`,
      );
    }
    if (Date.now() > nextNote) {
      log(`still waiting for the broker (${seconds(started)})...`);
      nextNote += 10_000;
    }
    await sleep(250);
  }
  log(`broker ready on ${s.brokers[0]} in ${seconds(started)}`);
}

/**
 * Starts a broker in the background (it outlives this process; `stop` ends it) and waits until it
 * answers. Returns the settings, with startedByUs false when one already answered on the port.
 */
export async function startKafka(overrides = {}) {
  const s = settings(overrides);
  // Checked before the fetch: a machine with a broker already running (docker-compose, a
  // shared one) needs neither Java nor Maven.
  if (await isAnswering(s.brokers)) {
    log(`a broker already answers on ${s.brokers[0]}; not starting another`);
    return { ...s, startedByUs: false };
  }
  fetchKafka(overrides);
  const earlier = readPid(s);
  if (earlier) {
    // A start from another process (or an earlier one that timed out) is still coming up:
    // a second JVM would only fail on the taken ports.
    log(`broker ${earlier} from an earlier start is still coming up; waiting for it`);
    await waitUntilAnswering(s, {
      timeoutMs: s.startTimeoutMs,
      exitCode: () => (readPid(s) ? null : 'it is gone'),
    });
    // Whoever started it stops it.
    return { ...s, startedByUs: false };
  }
  requireTool('java', JAVA_HINT);
  const propsFile = writeServerProperties(s);
  formatStorage(s, propsFile);
  log(`starting broker on ${s.brokers[0]} (log: ${s.logFile})...`);
  const out = openSync(s.logFile, 'a');
  const jvm = [`-Xmx${s.heap}`, `-Xms${s.heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true', log4jOption()];
  const child = spawn('java', [...jvm, '-cp', `${s.libs}/*`, 'kafka.Kafka', propsFile], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = null;
  child.once('error', (error) => (exited = error.message));
  child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));
  child.unref();
  writeFileSync(s.pidFile, String(child.pid));
  await waitUntilAnswering(s, { timeoutMs: s.startTimeoutMs, exitCode: () => exited });
  return { ...s, startedByUs: true };
}

/** Stops the broker this tool started on the port: SIGTERM, then SIGKILL after a grace period. */
export async function stopKafka(overrides = {}) {
  const s = settings(overrides);
  const pid = readPid(s);
  if (!pid) return false;
  const started = Date.now();
  log(`stopping broker ${pid} on ${s.brokers[0]}...`);
  const signal = (name) => {
    try {
      process.kill(pid, name);
    } catch {
      // It exited on its own in the meantime.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + (overrides.graceMs ?? 30_000);
  while (readPid(s) && Date.now() < deadline) await sleep(200);
  if (readPid(s)) {
    log(`broker ${pid} ignored SIGTERM for ${seconds(started)}; killing it`);
    signal('SIGKILL');
    while (readPid(s)) await sleep(100);
  }
  rmSync(s.pidFile, { force: true });
  log(`broker on ${s.brokers[0]} stopped in ${seconds(started)}`);
  return true;
}

/**
 * The broker for a test run or a dev session: one that already answers on the port is reused,
 * otherwise one is fetched, formatted and started. stop() only stops a broker started here.
 */
export async function ensureKafka(overrides = {}) {
  const s = settings(overrides);
  const { startedByUs } = await startKafka(overrides);
  return {
    brokers: s.brokers,
    startedByUs,
    stop: startedByUs ? () => stopKafka(overrides) : async () => false,
  };
}

/**
 * kafkajs 2.2.4 schedules a negative setTimeout on every connection, which Node 24 reports as a
 * TimeoutNegativeWarning (harmless; tulios/kafkajs#1751). Tools that talk to the broker call
 * this so their output stays readable.
 */
export function ignoreKafkajsTimeoutWarnings() {
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
    if (type === 'TimeoutNegativeWarning') return;
    emitWarning.call(process, warning, ...rest);
  };
}

/** `run`: the broker for a terminal or `npm start`, until Ctrl-C (or the broker dies). */
async function runInForeground(s) {
  if (await isAnswering(s.brokers)) {
    log(`a broker already answers on ${s.brokers[0]}; using that one (nothing to run)`);
    return;
  }
  await startKafka();
  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the broker`);
    await stopKafka();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));
  log(`running on ${s.brokers[0]}; Ctrl-C stops it (log: ${s.logFile})`);
  while (!stopping) {
    await sleep(1000);
    if (!stopping && !readPid(s)) {
      log(`the broker exited on its own; ${s.logFile} ends with:\n${logTail(s)}`);
      process.exit(1);
    }
  }
}

async function main(command) {
  ignoreKafkajsTimeoutWarnings();
  const s = settings();
  switch (command) {
    case 'fetch':
      fetchKafka();
      return;
    case 'start':
      await startKafka();
      return;
    case 'stop':
      if (!(await stopKafka())) log(`no broker started by this tool runs on ${s.brokers[0]}`);
      return;
    case 'status': {
      const up = await isAnswering(s.brokers);
      const pid = readPid(s);
      const owner = pid ? `started by this tool, pid ${pid}` : 'not started by this tool';
      log(
        `${s.brokers[0]}: ${up ? `answering (${owner})` : pid ? `not answering yet (pid ${pid})` : 'not running'}`,
      );
      process.exitCode = up ? 0 : 1;
      return;
    }
    case 'run':
      await runInForeground(s);
      return;
    default:
      console.error(
        'usage: node tools/kafka/kafka.mjs fetch|start|stop|status|run (see tools/kafka/README.md)',
      );
      process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2]).catch((error) => {
    console.error(`[kafka] ${error.message}`);
    process.exit(1);
  });
}
