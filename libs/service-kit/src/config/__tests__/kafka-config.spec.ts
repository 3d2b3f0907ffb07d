import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../configuration.error';
import { kafkaConfigSchema } from '../kafka-config.schema';
import { describeConfig, loadConfig } from '../load-config';
import { defineServiceConfig } from '../service-config.schema';

const dir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const cert = file('client.pem', '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n');
const key = file('client.key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
const notPem = file('notes.txt', 'hello');

const service = defineServiceConfig({ serviceName: 'dialogs', defaultPort: 3004 });
const base = { JWT_SECRET: 'dev-secret-of-at-least-32-bytes-0123' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(service, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigurationError)
      return error.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    throw error;
  }
  return [];
}

describe('Kafka TLS and SASL settings', () => {
  it('default to a plain connection', () => {
    const config = loadConfig(service, base);
    expect(config).toMatchObject({ KAFKA_SSL: false });
    expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
  });

  it('accept TLS with a CA and a client certificate, and SASL in any case, password kept out of logs', () => {
    const config = loadConfig(service, {
      ...base,
      KAFKA_SSL: 'TRUE',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: cert,
      KAFKA_SSL_KEY_FILE: key,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'actionhub',
      KAFKA_SASL_PASSWORD: 's3cret-value',
    });
    expect(config).toMatchObject({
      KAFKA_SSL: true,
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'actionhub',
    });
    expect(JSON.stringify(describeConfig(service, config))).not.toContain('s3cret-value');
  });

  it('lists every problem at once, one line per variable', () => {
    expect(
      problems({
        KAFKA_SSL: 'yes',
        KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'),
        KAFKA_SSL_CERT_FILE: notPem,
        KAFKA_SASL_MECHANISM: 'GSSAPI',
        KAFKA_SASL_USERNAME: 'actionhub',
      }).sort(),
    ).toEqual(
      [
        '- KAFKA_SSL: must be "true" or "false"',
        '- KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is not "true"',
        `- KAFKA_SSL_CA_FILE: no such file: ${join(dir, 'missing.pem')}`,
        '- KAFKA_SSL_CERT_FILE: is set but KAFKA_SSL is not "true"',
        `- KAFKA_SSL_CERT_FILE: ${notPem} holds no PEM certificate`,
        '- KAFKA_SSL_KEY_FILE: is required with the other half of the client certificate',
        '- KAFKA_SASL_MECHANISM: must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512',
        '- KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM',
      ].sort(),
    );
  });

  it('refuses credentials without a mechanism, and PLAIN without TLS in production', () => {
    expect(problems({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      '- KAFKA_SASL_USERNAME: is set but KAFKA_SASL_MECHANISM is not',
      '- KAFKA_SASL_PASSWORD: is set but KAFKA_SASL_MECHANISM is not',
    ]);
    const plain = { KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    expect(problems(plain)).toEqual([]);
    expect(problems({ ...plain, NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40) })).toEqual([
      '- KAFKA_SASL_MECHANISM: PLAIN would send the password in the clear: set KAFKA_SSL=true in production',
    ]);
  });

  it('are what the Kafka-only schema of the tools reads too', () => {
    const config = loadConfig(kafkaConfigSchema, {
      KAFKA_BROKERS: 'a:9093, b:9093',
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
    });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['a:9093', 'b:9093'],
      KAFKA_TOPIC_PREFIX: 'staging.',
      KAFKA_SSL: true,
    });
    expect(() => loadConfig(kafkaConfigSchema, { KAFKA_SASL_MECHANISM: 'plain' })).toThrow(
      /KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM/,
    );
  });
});
