import { z } from 'zod';
import { describeConfig, loadConfig } from '../load-config';
import { isSensitive, sensitive } from '../sensitive';
import { baseServiceConfigSchema, defineServiceConfig } from '../service-config.schema';

const schema = defineServiceConfig(
  { serviceName: 'auth-profiles', defaultPort: 3001 },
  {
    ENCRYPTION_KEY: sensitive(z.string().min(32)).optional(),
    ATLASSIAN_CLIENT_ID: z.string().default('client-1'),
  },
);

describe('describeConfig', () => {
  const env = {
    JWT_SECRET: 'the-user-token-secret-0123456789abcdef',
    INTERNAL_JWT_SECRET: 'the-service-token-secret-0123456789abcdef',
    DATABASE_URL: 'postgres://app:db-password@db:5432/actionhub',
    ENCRYPTION_KEY: 'e'.repeat(40),
  };

  it('shows sensitive values as [redacted] and everything else as is', () => {
    const described = describeConfig(schema, loadConfig(schema, env));

    expect(described).toMatchObject({
      JWT_SECRET: '[redacted]',
      INTERNAL_JWT_SECRET: '[redacted]',
      DATABASE_URL: '[redacted]',
      ENCRYPTION_KEY: '[redacted]',
      PORT: 3001,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      ATLASSIAN_CLIENT_ID: 'client-1',
    });
    const printed = JSON.stringify(described);
    for (const secret of Object.values(env)) expect(printed).not.toContain(secret);
  });

  it('leaves unset sensitive variables visible as unset', () => {
    const described = describeConfig(schema, loadConfig(schema, { JWT_SECRET: 'x'.repeat(32) }));

    expect(described.INTERNAL_JWT_SECRET).toBeUndefined();
    expect(described.ENCRYPTION_KEY).toBeUndefined();
  });

  it('finds the mark through optional, default and transform wrappers', () => {
    expect(isSensitive(sensitive(z.string()).optional().default('x'))).toBe(true);
    expect(isSensitive(sensitive(z.string()).transform((value) => value.length))).toBe(true);
    expect(isSensitive(z.string().optional())).toBe(false);
    expect(isSensitive(baseServiceConfigSchema.shape.DATABASE_URL)).toBe(true);
    expect(isSensitive(baseServiceConfigSchema.shape.JWT_ISSUER)).toBe(false);
  });
});
