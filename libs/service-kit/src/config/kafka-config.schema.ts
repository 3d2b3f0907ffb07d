import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ConfigurationIssue } from './configuration.error';
import { sensitive } from './sensitive';

const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  )
  .pipe(z.array(z.string()).min(1, 'must list at least one host:port'));

const flag = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be "true" or "false"' }) }))
  .transform((value) => value === 'true');

function readable(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
    accessSync(path, constants.R_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
  }
}

/** A PEM file path, checked at boot: it exists, can be read, and holds what `marker` names. */
const pemFile = (what: string, marker: RegExp) =>
  z.string().superRefine((path, ctx) => {
    const problem = readable(path);
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${problem}: ${path}` });
    } else if (!marker.test(readFileSync(path, 'utf8'))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${path} holds no PEM ${what}` });
    }
  });

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * How a service (or a tool) reaches Kafka: the brokers, the topic prefix, and the optional TLS
 * (KAFKA_SSL, a CA to trust, a client certificate) and SASL (PLAIN, SCRAM-SHA-256/512) settings.
 */
export const kafkaConfigFields = {
  KAFKA_BROKERS: commaList.default('127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Lets several environments share one Kafka cluster: every topic name gets this prefix. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9._-]*$/, 'may only contain letters, digits, ".", "_" and "-"')
    .default(''),
  /** TLS to the brokers; without a CA file the system's trusted CAs verify them. */
  KAFKA_SSL: flag.default('false'),
  KAFKA_SSL_CA_FILE: pemFile('certificate', /-----BEGIN CERTIFICATE-----/).optional(),
  /** A client certificate and its key (mutual TLS, e.g. a Strimzi KafkaUser of type tls). */
  KAFKA_SSL_CERT_FILE: pemFile('certificate', /-----BEGIN CERTIFICATE-----/).optional(),
  KAFKA_SSL_KEY_FILE: pemFile('private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/).optional(),
  KAFKA_SASL_MECHANISM: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(
      z.enum(KAFKA_SASL_MECHANISMS, {
        errorMap: () => ({ message: 'must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512' }),
      }),
    )
    .optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: sensitive(z.string().min(1)).optional(),
};

type RawEnv = Partial<Record<string, string>>;

const isSet = (env: RawEnv, variable: string) => (env[variable] ?? '') !== '';
const isTrue = (env: RawEnv, variable: string) => env[variable]?.trim().toLowerCase() === 'true';

/** Rules across the Kafka variables, on the raw environment (so every problem is listed at once). */
export function kafkaConfigIssues(env: RawEnv): ConfigurationIssue[] {
  const issues: ConfigurationIssue[] = [];
  const ssl = isTrue(env, 'KAFKA_SSL');
  for (const variable of ['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']) {
    if (isSet(env, variable) && !ssl) {
      issues.push({ variable, message: 'is set but KAFKA_SSL is not "true"' });
    }
  }
  if (isSet(env, 'KAFKA_SSL_CERT_FILE') !== isSet(env, 'KAFKA_SSL_KEY_FILE')) {
    const missing = isSet(env, 'KAFKA_SSL_CERT_FILE') ? 'KAFKA_SSL_KEY_FILE' : 'KAFKA_SSL_CERT_FILE';
    issues.push({ variable: missing, message: 'is required with the other half of the client certificate' });
  }
  if (isSet(env, 'KAFKA_SASL_MECHANISM')) {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
      if (!isSet(env, variable)) issues.push({ variable, message: 'is required with KAFKA_SASL_MECHANISM' });
    }
    // PLAIN sends the password as it is: only over TLS outside development.
    const plain = env.KAFKA_SASL_MECHANISM?.trim().toLowerCase() === 'plain';
    if (plain && !ssl && env.NODE_ENV === 'production') {
      issues.push({
        variable: 'KAFKA_SASL_MECHANISM',
        message: 'PLAIN would send the password in the clear: set KAFKA_SSL=true in production',
      });
    }
  } else {
    for (const variable of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) {
      if (isSet(env, variable)) issues.push({ variable, message: 'is set but KAFKA_SASL_MECHANISM is not' });
    }
  }
  return issues;
}

/** Adds kafkaConfigIssues to a schema's raw-environment check. */
export function withKafkaConfigIssues<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((env, ctx) => {
    const raw = typeof env === 'object' && env !== null ? (env as RawEnv) : {};
    for (const issue of kafkaConfigIssues(raw)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [issue.variable], message: issue.message });
    }
    return env;
  }, schema);
}

/** The Kafka variables alone, for tools that talk to the brokers (the dead-letter tool). */
export const kafkaConfigSchema = withKafkaConfigIssues(
  z.object({ NODE_ENV: z.string().optional(), ...kafkaConfigFields }),
);

export type KafkaConfig = z.output<typeof kafkaConfigSchema>;
