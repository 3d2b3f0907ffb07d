import { z, ZodRawShape } from 'zod';
import { ConfigurationError } from './configuration.error';
import { kafkaConfigFields, kafkaConfigIssues } from './kafka-config.schema';
import { sensitive } from './sensitive';

/** HS256 keys: RFC 7518 asks for a key at least as long as the hash, 256 bits. */
const MIN_SECRET_BYTES = 32;

export const portSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number between 0 and 65535')
  .transform(Number)
  .pipe(z.number().int().max(65535, 'must be a whole number between 0 and 65535'));

/** A whole number of milliseconds within bounds, from an environment string. */
const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ invalid_type_error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(min, `must be at least ${min} ms`)
    .max(max, `must be at most ${max} ms`)
    .default(fallback);

/**
 * What every service reads from its environment. Apps extend it with defineServiceConfig
 * (which also adds the cross-field rules); PORT has no default here on purpose, each app
 * gives its own.
 */
export const baseServiceConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: portSchema,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: sensitive(
    z
      .string()
      .url('must be a postgres:// URL')
      .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL'),
  ).default('postgres://postgres@127.0.0.1:5432/actionhub'),
  /**
   * The database bulkheads: a bounded pool whose callers give up after the acquire timeout,
   * and statements and lock waits that cannot run forever. A stuck query or a storm on one
   * route then fails fast (503 database_busy) instead of starving every other route.
   */
  DATABASE_POOL_SIZE: z.coerce
    .number({ invalid_type_error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(10),
  DATABASE_ACQUIRE_TIMEOUT_MS: milliseconds(100, 60_000, 5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 3_600_000, 15_000),
  DATABASE_LOCK_TIMEOUT_MS: milliseconds(100, 3_600_000, 5_000),
  ...kafkaConfigFields,
  JWT_SECRET: sensitive(z.string()).optional(),
  JWT_JWKS_URL: z.string().url('must be an http(s) URL').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  INTERNAL_JWT_SECRET: sensitive(z.string()).optional(),
});

export type ServiceConfig = z.output<typeof baseServiceConfigSchema>;

type CrossFieldSettings = Partial<
  Record<'NODE_ENV' | 'JWT_SECRET' | 'JWT_JWKS_URL' | 'INTERNAL_JWT_SECRET', string>
> &
  Partial<Record<'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_LOCK_TIMEOUT_MS', string | number>>;

/** Cross-field rules; they hold for the raw environment and the parsed config alike. */
export function serviceConfigIssues(config: CrossFieldSettings): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  const statementMs = Number(config.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000);
  const lockMs = Number(config.DATABASE_LOCK_TIMEOUT_MS ?? 5_000);
  // A lock wait is part of its statement: a longer lock timeout would never fire.
  if (Number.isFinite(statementMs) && Number.isFinite(lockMs) && lockMs > statementMs) {
    issues.push({
      variable: 'DATABASE_LOCK_TIMEOUT_MS',
      message: 'must not exceed DATABASE_STATEMENT_TIMEOUT_MS',
    });
  }
  if (!config.JWT_SECRET && !config.JWT_JWKS_URL) {
    issues.push({ variable: 'JWT_SECRET', message: 'is required unless JWT_JWKS_URL is set' });
  }
  // In every environment: a short HS256 secret can be brute-forced offline from any token a user
  // holds, and bytes are what HMAC keys on (a multi-byte character is not one byte of key).
  for (const variable of ['JWT_SECRET', 'INTERNAL_JWT_SECRET'] as const) {
    const secret = config[variable];
    if (secret !== undefined && Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
      issues.push({
        variable,
        message: `must be at least ${MIN_SECRET_BYTES} bytes (openssl rand -base64 32)`,
      });
    }
  }
  // One secret for both would let anyone holding a user token's key mint service tokens.
  if (config.JWT_SECRET !== undefined && config.JWT_SECRET === config.INTERNAL_JWT_SECRET) {
    issues.push({ variable: 'INTERNAL_JWT_SECRET', message: 'must differ from JWT_SECRET' });
  }
  return issues;
}

/** Throws a ConfigurationError when a config object built by hand (tests) breaks the cross-field rules. */
export function assertServiceConfig(config: CrossFieldSettings): void {
  const issues = serviceConfigIssues(config);
  if (issues.length > 0) throw new ConfigurationError(issues);
}

export interface ServiceConfigDefaults {
  serviceName: string;
  defaultPort: number;
}

/**
 * An app's config schema: the base variables (PORT defaulting to the app's port,
 * KAFKA_CLIENT_ID to its name), the app's own variables, and the cross-field auth rules.
 * Pass it to loadConfig, or to ServiceKitModule.forRoot and bootstrapService as `config`.
 */
export function defineServiceConfig<T extends ZodRawShape = Record<never, never>>(
  defaults: ServiceConfigDefaults,
  shape?: T,
) {
  const fields = baseServiceConfigSchema
    .extend({
      PORT: portSchema.default(String(defaults.defaultPort)),
      KAFKA_CLIENT_ID: z.string().min(1).default(defaults.serviceName),
    })
    .extend((shape ?? {}) as T);
  // The cross-field rules look at the raw environment, before the fields are parsed: a
  // refinement after parsing would be skipped whenever any field is missing, and the error
  // would not list every problem.
  return z.preprocess((env, ctx) => {
    const raw = typeof env === 'object' && env !== null ? (env as Record<string, string>) : {};
    for (const issue of [...serviceConfigIssues(raw), ...kafkaConfigIssues(raw)]) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [issue.variable], message: issue.message });
    }
    return env;
  }, fields);
}
