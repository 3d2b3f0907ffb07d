import { ConfigurationError, loadConfig } from '@actionhub/service-kit';
import { configSchema as actionConfig } from '../../apps/action-config/src/config/action-config.config';
import { configSchema as authProfiles } from '../../apps/auth-profiles/src/config/auth-profiles.config';
import { configSchema as dialogs } from '../../apps/dialogs/src/config/dialogs.config';
import { configSchema as templateInstaller } from '../../apps/template-installer/src/config/template-installer.config';

// Every service that reads JWT_SECRET or INTERNAL_JWT_SECRET refuses, at start-up and in every
// environment, an HS256 secret under 32 bytes and one secret for both kinds of token.

const apps = {
  'auth-profiles': authProfiles,
  'action-config': actionConfig,
  'template-installer': templateInstaller,
  dialogs,
};
const base = { ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` };
const good = { JWT_SECRET: 'u'.repeat(32), INTERNAL_JWT_SECRET: 'i'.repeat(32) };

const problems = (schema: (typeof apps)[keyof typeof apps], env: Record<string, string>): string[] => {
  try {
    loadConfig(schema, { ...base, ...env });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return error.issues.map((i) => `${i.variable}: ${i.message}`);
  }
};

describe.each(Object.entries(apps))('%s', (_name, schema) => {
  it('starts with distinct secrets of 32 bytes', () => {
    expect(problems(schema, good)).toEqual([]);
  });

  it.each(['development', 'test', 'production'])('refuses shorter secrets in %s', (NODE_ENV) => {
    expect(
      problems(schema, { NODE_ENV, JWT_SECRET: 'u'.repeat(31), INTERNAL_JWT_SECRET: 'é'.repeat(15) }),
    ).toEqual([
      'JWT_SECRET: must be at least 32 bytes (openssl rand -base64 32)',
      'INTERNAL_JWT_SECRET: must be at least 32 bytes (openssl rand -base64 32)',
    ]);
  });

  it('refuses the same secret for both', () => {
    expect(problems(schema, { JWT_SECRET: good.JWT_SECRET, INTERNAL_JWT_SECRET: good.JWT_SECRET })).toEqual([
      'INTERNAL_JWT_SECRET: must differ from JWT_SECRET',
    ]);
  });
});
