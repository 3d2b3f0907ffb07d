import { KafkaConfig } from '@actionhub/service-kit';
import { SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';

export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

type SecuritySettings = Pick<
  KafkaConfig,
  | 'KAFKA_SSL'
  | 'KAFKA_SSL_CA_FILE'
  | 'KAFKA_SSL_CERT_FILE'
  | 'KAFKA_SSL_KEY_FILE'
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
>;

/**
 * kafkajs' `ssl` and `sasl` options from the validated configuration. The files are read here,
 * once, at boot (the config check already made sure they can be); the CA, when given, replaces
 * the system's trusted CAs, and the broker's certificate must name the host it is reached by.
 */
export function kafkaSecurity(config: SecuritySettings): KafkaSecurity {
  const security: KafkaSecurity = {};
  if (config.KAFKA_SSL) {
    const read = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);
    const tls: ConnectionOptions = {
      rejectUnauthorized: true,
      ca: read(config.KAFKA_SSL_CA_FILE),
      cert: read(config.KAFKA_SSL_CERT_FILE),
      key: read(config.KAFKA_SSL_KEY_FILE),
    };
    const given = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined));
    security.ssl = given as ConnectionOptions;
  }
  if (config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD) {
    security.sasl = {
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_SASL_USERNAME,
      password: config.KAFKA_SASL_PASSWORD,
    } as SASLOptions;
  }
  return security;
}

const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** kafkajs wraps the error that counts (retries exhausted, a broker's connection error): unwrap it. */
function* causes(error: unknown): Generator<{ name?: string; message?: string; code?: string }> {
  const seen = new Set<unknown>();
  let current = error as { cause?: unknown; originalError?: unknown } | undefined;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as { name?: string; message?: string; code?: string };
    current = (current.originalError ?? current.cause) as typeof current;
  }
}

/**
 * One line for an operator when Kafka refused who we are (SASL credentials, mechanism) or we
 * refused it (its TLS certificate): no retry fixes that, so the service stops at boot with it
 * instead of waiting forever. Null for anything else (a broker down or starting is waited out).
 */
export function kafkaSecurityFailure(error: unknown, sasl?: SASLOptions): string | null {
  for (const cause of causes(error)) {
    const message = String(cause.message ?? '');
    if (cause.name === 'KafkaJSSASLAuthenticationError') {
      const who = sasl ? ` for user "${(sasl as { username?: string }).username}"` : '';
      return (
        `Kafka refused the SASL authentication${who}: ${message} ` +
        '(check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD)'
      );
    }
    const code = cause.code ?? /^([A-Z_]+):/.exec(message)?.[1];
    const untrusted =
      (code && TLS_TRUST_CODES.has(code)) ||
      /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate|Hostname\/IP does not match/i.test(
        message,
      );
    if (untrusted) {
      return (
        `Kafka's TLS certificate is not trusted: ${message} ` +
        '(check KAFKA_SSL_CA_FILE, and that the certificate names the host in KAFKA_BROKERS)'
      );
    }
  }
  return null;
}
