import { DataSource } from 'typeorm';
import { SecretCipher } from './secret-cipher';

// Every encrypted column, with the associated data its rows were bound to.
const COLUMNS = [
  {
    table: 'auth_profile',
    column: 'client_secret_encrypted',
    context: (id: string) => `auth_profile:${id}:client_secret`,
  },
  { table: 'connection', column: 'secrets_encrypted', context: (id: string) => `connection:${id}:secrets` },
  {
    table: 'authorization',
    column: 'code_verifier_encrypted',
    context: (id: string) => `authorization:${id}:code_verifier`,
  },
  {
    table: 'authorization',
    column: 'pending_tokens_encrypted',
    context: (id: string) => `authorization:${id}:pending_tokens`,
  },
] as const;

const BATCH = 200;

export interface ReencryptionReport {
  /** Values moved to the active key, per table. */
  moved: Record<string, number>;
  /** Values still under another key after the run (rows locked by a live replica meanwhile). */
  remaining: Record<string, number>;
}

// Compared as a plain prefix: a key id may contain `_`, which LIKE would read as a wildcard
// (the active key `k_2` would then pass `v1:kx2:` values over).
const notUnderActiveKey = (column: string) =>
  `"${column}" IS NOT NULL AND "${column}" <> '' AND left("${column}", length($1)) <> $1`;

/**
 * Key rotation's second half: re-encrypts every secret not under the active key, in small
 * locked batches so it can run beside live services (rows a replica holds are skipped). Answers
 * how many values moved, and how many are still under old keys: drop a key only at 0.
 */
export async function reencryptSecrets(
  db: DataSource,
  schema: string,
  cipher: SecretCipher,
  progress: (line: string) => void = () => undefined,
): Promise<ReencryptionReport> {
  const moved: Record<string, number> = {};
  const remaining: Record<string, number> = {};
  const activePrefix = `v1:${cipher.activeKeyId}:`;
  for (const { table, column, context } of COLUMNS) {
    moved[table] = 0;
    for (;;) {
      const count = await db.transaction(async (manager) => {
        const rows: { id: string; value: string }[] = await manager.query(
          `SELECT id, "${column}" AS value FROM "${schema}"."${table}"
           WHERE ${notUnderActiveKey(column)}
           LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [activePrefix],
        );
        for (const row of rows) {
          const plaintext = cipher.decrypt(row.value, context(row.id));
          await manager.query(`UPDATE "${schema}"."${table}" SET "${column}" = $1 WHERE id = $2`, [
            cipher.encrypt(plaintext, context(row.id)),
            row.id,
          ]);
        }
        return rows.length;
      });
      moved[table] += count;
      if (count < BATCH) break;
      progress(`${table}: ${moved[table]} re-encrypted so far`);
    }
    const [left] = (await db.query(
      `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE ${notUnderActiveKey(column)}`,
      [activePrefix],
    )) as { n: number }[];
    remaining[table] = left.n;
    progress(
      `${table}: ${moved[table]} value(s) moved to key ${cipher.activeKeyId}, ${left.n} still under older keys`,
    );
  }
  return { moved, remaining };
}
