import { kafkaConfigSchema, loadConfig } from '@actionhub/service-kit';
import { freePort, testDatabaseUrl, uniqueTopicPrefix, waitFor } from '@actionhub/testing';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, ensureTopics, kafkaSecurity, kafkaSecurityFailure } from '../../../src';
import { SecuredBroker, startSecuredBroker } from '../support/secured-broker';

// A real broker of this test's own with a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)
// and an SSL listener that requires a client certificate, certificates made with openssl at test
// time. Every client is built the way the services build theirs: environment → validated config
// (service-kit) → kafkajs options (kafkaSecurity) → createKafka.
const root = join(__dirname, '..', '..', '..', '..', '..');
let broker: SecuredBroker;

beforeAll(async () => {
  broker = await startSecuredBroker();
}, 180_000);

afterAll(async () => {
  await broker?.stop();
}, 60_000);

function kafkaFrom(env: Record<string, string>) {
  const config = loadConfig(kafkaConfigSchema, env);
  return createKafka({
    clientId: 'secured-broker-test',
    brokers: config.KAFKA_BROKERS,
    ...kafkaSecurity(config),
  });
}

const saslEnv = (mechanism: string, username: string, password: string) => ({
  KAFKA_BROKERS: broker.saslSslBrokers,
  KAFKA_SSL: 'true',
  KAFKA_SSL_CA_FILE: broker.certificates.caFile,
  KAFKA_SASL_MECHANISM: mechanism,
  KAFKA_SASL_USERNAME: username,
  KAFKA_SASL_PASSWORD: password,
});

/** Creates a topic, produces a message and reads it back: what a service does with the connection. */
async function roundTrip(env: Record<string, string>): Promise<string> {
  const kafka = kafkaFrom(env);
  const topic = `${uniqueTopicPrefix()}secured`;
  await ensureTopics(kafka, [topic], { numPartitions: 1, replicationFactor: 1 });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: [{ key: 'k', value: `hello over ${env.KAFKA_BROKERS}` }],
  });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const received = new Promise<string>((resolve) => {
    void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
  });
  try {
    return await received;
  } finally {
    await consumer.disconnect();
  }
}

/** The error a client gets when it connects, as the one line the services print for it. */
async function refusal(env: Record<string, string>): Promise<string | null> {
  const config = loadConfig(kafkaConfigSchema, env);
  const security = kafkaSecurity(config);
  const admin = createKafka({
    clientId: 'secured-broker-test',
    brokers: config.KAFKA_BROKERS,
    ...security,
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    return null;
  } catch (error) {
    return (
      kafkaSecurityFailure(error, security.sasl) ?? `not a security failure: ${(error as Error).message}`
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

describe('a broker with SASL_SSL and mutual TLS', () => {
  it.each(['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'])(
    'carries messages with SASL %s over TLS',
    async (mechanism) => {
      const user =
        mechanism === 'PLAIN'
          ? broker.users.plain
          : broker.users.scram.find((u) => u.mechanism === mechanism)!;
      const env = saslEnv(mechanism, user.username, user.password);
      await expect(roundTrip(env)).resolves.toBe(`hello over ${broker.saslSslBrokers}`);
    },
    60_000,
  );

  it('carries messages over TLS with a client certificate the broker requires', async () => {
    const env = {
      KAFKA_BROKERS: broker.sslBrokers,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: broker.certificates.caFile,
      KAFKA_SSL_CERT_FILE: broker.certificates.clientCertFile,
      KAFKA_SSL_KEY_FILE: broker.certificates.clientKeyFile,
    };
    await expect(roundTrip(env)).resolves.toBe(`hello over ${broker.sslBrokers}`);
  }, 60_000);

  it('names the credentials when the password is wrong, and the CA when the broker is not trusted', async () => {
    const [scram] = broker.users.scram.filter((u) => u.mechanism === 'SCRAM-SHA-512');
    const wrong = await refusal(saslEnv('SCRAM-SHA-512', scram!.username, 'not-the-password'));
    expect(wrong).toMatch(
      /^Kafka refused the SASL authentication for user "actionhub": .*\(check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD\)$/,
    );
    expect(wrong).not.toContain('not-the-password');

    const untrusted = await refusal({
      ...saslEnv('SCRAM-SHA-512', scram!.username, scram!.password),
      KAFKA_SSL_CA_FILE: broker.certificates.strangerCaFile,
    });
    expect(untrusted).toMatch(/^Kafka's TLS certificate is not trusted: .*\(check KAFKA_SSL_CA_FILE/);
  }, 90_000);
});

describe('a service on the secured broker', () => {
  const main = join(root, 'apps', 'template-installer', 'dist', 'main.js');
  const nodeBinary = join(root, 'node_modules', '.bin', 'node');

  /** The real template-installer process (from `npm run build`'s dist) with the given Kafka settings. */
  function startService(env: Record<string, string>, port: number) {
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const child = spawn(nodeBinary, [main], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testDatabaseUrl(),
        JWT_SECRET: 'secured-broker-test-secret-0123456789',
        PORT: String(port),
        HOST: '127.0.0.1',
        KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk) => (output.stdout += chunk));
    child.stderr.on('data', (chunk) => (output.stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, output, exited };
  }

  it('becomes ready with SCRAM-SHA-512 over TLS (topics created, consumer joined)', async () => {
    const scram = broker.users.scram.find((u) => u.mechanism === 'SCRAM-SHA-512')!;
    const port = await freePort();
    const service = startService(saslEnv('SCRAM-SHA-512', scram.username, scram.password), port);
    try {
      const ready = await waitFor(
        'template-installer ready',
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
          return res ? { status: res.status, body: (await res.json()) as { checks: object } } : null;
        },
        (answer) => answer?.status === 200,
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(ready!.body.checks).toMatchObject({ kafka: 'up' });
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 90_000);

  it('stops at boot with one line, no stack trace and no password, when the password is wrong', async () => {
    const scram = broker.users.scram.find((u) => u.mechanism === 'SCRAM-SHA-512')!;
    const service = startService(
      saslEnv('SCRAM-SHA-512', scram.username, 'wrong-password-42'),
      await freePort(),
    );
    const code = await Promise.race([
      service.exited,
      new Promise((r) => setTimeout(() => r('still running'), 60_000)),
    ]);
    if (code === 'still running') service.child.kill('SIGKILL');
    expect(code).toBe(1);
    // Node's own TimeoutNegativeWarning about kafkajs 2.2.4 (harmless, see the README) aside.
    const nodeWarning = /\(node:\d+\) TimeoutNegativeWarning[\s\S]*?--trace-warnings[^\n]*\n/g;
    const lines = service.output.stderr
      .replace(nodeWarning, '')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines).toEqual([
      expect.stringMatching(
        /^template-installer: Kafka refused the SASL authentication for user "actionhub": /,
      ),
    ]);
    expect(service.output.stderr + service.output.stdout).not.toMatch(/wrong-password-42|\n\s+at /);
  }, 90_000);
});
