import 'reflect-metadata';
import { loadConfig } from '@actionhub/service-kit';
import { configSchema } from './config/auth-profiles.config';
import { reencryptSecrets } from './crypto/reencrypt-secrets';
import { SecretCipher } from './crypto/secret-cipher';
import { createDataSource, database } from './database/data-source';

// `npm run reencrypt-secrets -w @actionhub/auth-profiles` (Nx target `reencrypt-secrets`), after
// a new key was made active in ENCRYPTION_ACTIVE_KEY_ID; drop the old key once it reports 0 left.
async function main(): Promise<void> {
  const config = loadConfig(configSchema, process.env);
  const cipher = new SecretCipher(config.ENCRYPTION_KEYS, config.ENCRYPTION_ACTIVE_KEY_ID);
  const db = await createDataSource(config.DATABASE_URL).initialize();
  try {
    const say = (line: string) => process.stderr.write(`auth-profiles: ${line}\n`);
    say(`re-encrypting secrets under key ${cipher.activeKeyId}`);
    const report = await reencryptSecrets(db, database.schema, cipher, say);
    const left = Object.values(report.remaining).reduce((sum, n) => sum + n, 0);
    say(
      left === 0
        ? 'no value is under an older key: the old keys can be dropped'
        : `${left} value(s) still under older keys (rows in use meanwhile): run again before dropping a key`,
    );
    if (left > 0) process.exitCode = 2;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`auth-profiles: re-encryption failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
