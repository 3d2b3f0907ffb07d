import { z } from 'zod';
import { ConfigurationError } from '../configuration.error';
import { loadConfig } from '../load-config';
import { sensitive } from '../sensitive';
import { defineServiceConfig } from '../service-config.schema';

const schema = defineServiceConfig(
  { serviceName: 'auth-profiles', defaultPort: 3001 },
  { ENCRYPTION_KEY: sensitive(z.string().min(32)), CALLBACK_BASE_URL: z.string().url().optional() },
);
const validEnv = { JWT_SECRET: 'dev-secret-of-at-least-32-bytes-0123', ENCRYPTION_KEY: 'k'.repeat(32) };

function configurationErrorOf(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('applies the defaults every service shares and the app-specific ones', () => {
    const config = loadConfig(schema, validEnv);

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
      PORT: 3001,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/actionhub',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'auth-profiles',
    });
  });

  it('parses PORT as a number and KAFKA_BROKERS as a trimmed list', () => {
    const config = loadConfig(schema, {
      ...validEnv,
      PORT: '4100',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092 ,',
    });

    expect(config.PORT).toBe(4100);
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('treats an empty variable as unset so the default applies', () => {
    expect(loadConfig(schema, { ...validEnv, HOST: '' }).HOST).toBe('0.0.0.0');
  });

  it('reports every bad or missing variable at once, one line each, with the reason', () => {
    const error = configurationErrorOf(() =>
      loadConfig(schema, {
        PORT: 'eighty',
        NODE_ENV: 'staging',
        KAFKA_BROKERS: ' , ',
        CALLBACK_BASE_URL: 'nope',
      }),
    );

    expect(error.issues.map((issue) => issue.variable).sort()).toEqual(
      ['CALLBACK_BASE_URL', 'ENCRYPTION_KEY', 'JWT_SECRET', 'KAFKA_BROKERS', 'NODE_ENV', 'PORT'].sort(),
    );
    expect(error.message).toContain('Invalid configuration: 6 problems');
    expect(error.message).toContain('  - JWT_SECRET: is required unless JWT_JWKS_URL is set');
    expect(error.message).toContain('  - PORT: must be a whole number between 0 and 65535');
    expect(error.message).toContain('  - ENCRYPTION_KEY: is required but not set');
    expect(error.message).toMatch(/ {2}- NODE_ENV: .*development.*test.*production/);
    expect(error.message).toContain('  - KAFKA_BROKERS: must list at least one host:port');
  });

  it('runs the cross-field rules together with the field rules', () => {
    const error = configurationErrorOf(() => loadConfig(schema, { ENCRYPTION_KEY: 'short' }));

    expect(error.message).toContain('  - JWT_SECRET: is required unless JWT_JWKS_URL is set');
    expect(error.message).toContain('  - ENCRYPTION_KEY: String must contain at least 32 character(s)');
  });

  it('does not require JWT_SECRET when a JWKS URL is configured', () => {
    const config = loadConfig(schema, {
      ENCRYPTION_KEY: 'k'.repeat(32),
      JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
    });

    expect(config.JWT_SECRET).toBeUndefined();
  });

  it('refuses HS256 secrets under 32 bytes in every environment, counting bytes, not characters', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const error = configurationErrorOf(() =>
        loadConfig(schema, {
          ...validEnv,
          NODE_ENV,
          JWT_SECRET: 's'.repeat(31),
          INTERNAL_JWT_SECRET: 'tiny',
        }),
      );
      expect(error.issues).toEqual([
        { variable: 'JWT_SECRET', message: 'must be at least 32 bytes (openssl rand -base64 32)' },
        { variable: 'INTERNAL_JWT_SECRET', message: 'must be at least 32 bytes (openssl rand -base64 32)' },
      ]);
    }
    // 16 characters of 2 bytes each: 32 bytes of key.
    expect(() => loadConfig(schema, { ...validEnv, JWT_SECRET: 'é'.repeat(16) })).not.toThrow();
    expect(() => loadConfig(schema, { ...validEnv, JWT_SECRET: 'é'.repeat(15) + 'x' })).toThrow('32 bytes');
    expect(() =>
      loadConfig(schema, { ...validEnv, JWT_SECRET: 's'.repeat(32), INTERNAL_JWT_SECRET: 'i'.repeat(32) }),
    ).not.toThrow();
  });

  it('refuses the same secret for user and service tokens', () => {
    const error = configurationErrorOf(() =>
      loadConfig(schema, { ...validEnv, INTERNAL_JWT_SECRET: validEnv.JWT_SECRET }),
    );
    expect(error.issues).toEqual([
      { variable: 'INTERNAL_JWT_SECRET', message: 'must differ from JWT_SECRET' },
    ]);
    expect(error.message).toContain('  - INTERNAL_JWT_SECRET: must differ from JWT_SECRET');
  });

  it('bounds the database pool and its timeouts, with defaults every service shares', () => {
    expect(loadConfig(schema, validEnv)).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      DATABASE_ACQUIRE_TIMEOUT_MS: 5000,
      DATABASE_STATEMENT_TIMEOUT_MS: 15000,
      DATABASE_LOCK_TIMEOUT_MS: 5000,
    });
    const error = configurationErrorOf(() =>
      loadConfig(schema, {
        ...validEnv,
        DATABASE_POOL_SIZE: '0',
        DATABASE_ACQUIRE_TIMEOUT_MS: 'soon',
        DATABASE_STATEMENT_TIMEOUT_MS: '1000',
        DATABASE_LOCK_TIMEOUT_MS: '2000',
      }),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { variable: 'DATABASE_POOL_SIZE', message: 'must be at least 1' },
        { variable: 'DATABASE_ACQUIRE_TIMEOUT_MS', message: 'must be a whole number of milliseconds' },
        { variable: 'DATABASE_LOCK_TIMEOUT_MS', message: 'must not exceed DATABASE_STATEMENT_TIMEOUT_MS' },
      ]),
    );
    expect(error.issues).toHaveLength(3);
  });

  it('reads process.env when no environment is passed', () => {
    const saved = { ...process.env };
    Object.assign(process.env, validEnv, { PORT: '4321' });
    try {
      expect(loadConfig(schema).PORT).toBe(4321);
    } finally {
      process.env = saved;
    }
  });
});
