// `npm start`: all of Actionhub on this machine. Kafka and PostgreSQL (reused when they already
// answer), a build, each service's migrations, then the four services as child processes with
// their logs prefixed and prettified. Prints URLs and a development token once every service is
// ready; Ctrl-C drains the services and stops only what this script started.
//
//   npm start                 build, migrate, run
//   npm start -- --no-build   skip the build (dist/ is already fresh)
//   npm start -- --json       show the services' raw pino JSON lines instead of the short form
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';
import { ensurePostgres } from '../db/postgres.mjs';

ignoreKafkajsTimeoutWarnings();

const scriptStartedAt = Date.now();
const root = join(import.meta.dirname, '..', '..');
const cacheDir = join(root, '.cache'); // git-ignored
const READY_TIMEOUT_MS = 60_000;
// Services drain on SIGTERM (consumer leaves its group, HTTP drains, relay flushes); past this
// they are killed so a stuck one cannot hold the terminal.
const STOP_GRACE_MS = 30_000;

const { values: flags } = parseArgs({
  options: {
    build: { type: 'boolean', default: true },
    json: { type: 'boolean' },
    help: { type: 'boolean' },
  },
  allowNegative: true, // --no-build
});
if (flags.help) {
  console.log(`Usage: npm start [-- --no-build] [-- --json]

Starts Kafka and PostgreSQL (or reuses running ones), builds, migrates each service's schema and
runs auth-profiles, action-config, template-installer and dialogs until Ctrl-C.

  --no-build   skip "tsc -b" (use the dist/ already built)
  --json       print the services' raw JSON log lines
  --help       this text

Environment: KAFKA_PORT, DATABASE_URL, LOG_LEVEL (info), JWT_SECRET and INTERNAL_JWT_SECRET
(at least 32 bytes each and different; default: generated once into .cache/dev-secrets.json), PUBLIC_BASE_URL, and the ports
AUTH_PROFILES_PORT (3001), ACTION_CONFIG_PORT (3002), TEMPLATE_INSTALLER_PORT (3003), DIALOGS_PORT (3004).`);
  process.exit(0);
}

// Colors only on a terminal, and never when NO_COLOR is set (https://no-color.org).
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const [bold, dim, red, green, yellow] = [1, 2, 31, 32, 33].map(paint);
const origin = (startedByUs) => dim(startedByUs ? '(started by npm start)' : '(already running)');
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const portVariable = (name) => `${name.toUpperCase().replaceAll('-', '_')}_PORT`; // AUTH_PROFILES_PORT
const portOf = (name, fallback) => Number(process.env[portVariable(name)] ?? fallback);
const services = [
  { name: 'auth-profiles', port: portOf('auth-profiles', 3001), color: paint(36) },
  { name: 'action-config', port: portOf('action-config', 3002), color: paint(35) },
  { name: 'template-installer', port: portOf('template-installer', 3003), color: paint(34) },
  { name: 'dialogs', port: portOf('dialogs', 3004), color: paint(33) },
];
const authProfilesUrl = `http://127.0.0.1:${services[0].port}`;
const authProfilesPublicUrl = () => process.env.PUBLIC_BASE_URL || authProfilesUrl;

// Processes that run beside the services, started, supervised and stopped the same way:
// { name, args (for node), env, readyUrl, color }. The Atlassian sandbox stands in for
// Atlassian's OAuth 2.0 and Confluence REST APIs (development only).
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4000);
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const sandboxClient = { id: 'sandbox-dev-client', secret: 'sandbox-dev-secret' };
// Each action's System profile is its own OAuth app (the sandbox keeps one grant per client and user).
const sandboxJiraClient = { id: 'sandbox-jira-client', secret: 'sandbox-jira-secret' };
// auth-profiles talks to the sandbox as if it were Atlassian: the origins are swapped, and the
// sandbox's private address is allowed for custom profiles and Basic sites.
const sandboxSettingsForAuthProfiles = () => ({
  CONFLUENCE_SYSTEM_CLIENT_ID: sandboxClient.id,
  CONFLUENCE_SYSTEM_CLIENT_SECRET: sandboxClient.secret,
  JIRA_SYSTEM_CLIENT_ID: sandboxJiraClient.id,
  JIRA_SYSTEM_CLIENT_SECRET: sandboxJiraClient.secret,
  PROVIDER_ORIGIN_OVERRIDES: `https://auth.atlassian.com=${sandboxUrl},https://api.atlassian.com=${sandboxUrl}`,
  OUTBOUND_ALLOWLIST: `127.0.0.1:${sandboxPort}`,
});
const extraProcesses = (env) => [
  {
    name: 'atlassian-sandbox',
    args: [join(import.meta.dirname, '..', '..', 'apps', 'atlassian-sandbox', 'dist', 'main.js')],
    env: {
      ...env,
      SANDBOX_PORT: String(sandboxPort),
      SANDBOX_CLIENT_ID: sandboxClient.id,
      SANDBOX_CLIENT_SECRET: sandboxClient.secret,
      SANDBOX_JIRA_CLIENT_ID: sandboxJiraClient.id,
      SANDBOX_JIRA_CLIENT_SECRET: sandboxJiraClient.secret,
      SANDBOX_REDIRECT_URIS: new URL('/v1/oauth/callback', authProfilesPublicUrl()).toString(),
    },
    readyUrl: `http://127.0.0.1:${sandboxPort}/admin/counters`,
    color: paint(32),
  },
];

const children = new Set(); // every child process still running, for shutdown
const cleanups = []; // stops Kafka/PostgreSQL when this script started them
let stopping = false;

// Once a shutdown is under way nothing new may start; this never settles, and shutdown() exits.
const halt = () => new Promise(() => {});

/** Runs one startup step with a progress line and its time; a failure stops everything (exit 1). */
async function step(title, fn) {
  if (stopping) return halt();
  console.log(`${bold('▶')} ${title}`);
  const started = Date.now();
  try {
    const result = await fn();
    if (stopping) return halt();
    console.log(`${green('✔')} ${title} ${dim(`(${seconds(started)})`)}`);
    return result;
  } catch (error) {
    // After Ctrl-C a failing step is only the child we stopped: not worth a message.
    if (!stopping) console.error(`${red('✘')} ${title} ${dim(`(${seconds(started)})`)}\n  ${error.message}`);
    await shutdown(1);
    return halt();
  }
}

/** Runs a one-off command to completion; output is kept to be shown only if it matters. */
function run(args, { env = process.env, inherit = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(args[0], args.slice(1), { cwd: root, env, stdio: inherit ? 'inherit' : 'pipe' });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', (error) => (output += error.message));
    child.on('close', (code) => {
      children.delete(child);
      resolve({ code, output: output.trim() });
    });
  });
}

/** Development secrets, generated once so tokens keep working across restarts. */
function devSecrets() {
  const file = join(cacheDir, 'dev-secrets.json');
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    const fresh = {
      jwtSecret: randomBytes(32).toString('base64url'),
      internalJwtSecret: randomBytes(32).toString('base64url'),
      devAppId: randomUUID(),
      encryptionKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
  }
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  if (!saved.encryptionKey) {
    // Written before connections were encrypted: add a key once, so dev connections survive restarts.
    saved.encryptionKey = randomBytes(32).toString('base64');
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    jwtSecret: process.env.JWT_SECRET || saved.jwtSecret,
    internalJwtSecret: process.env.INTERNAL_JWT_SECRET || saved.internalJwtSecret,
    devAppId: saved.devAppId,
    encryptionKeys: process.env.ENCRYPTION_KEYS || `dev1:${saved.encryptionKey}`,
  };
}

/** Fails early with a useful message, instead of a stack trace from a child, when a port is taken. */
function assertPortFree({ name, port }) {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .once('error', () =>
        reject(
          new Error(
            `port ${port} (${name}) is in use: another npm start? Stop it, or set ${portVariable(name)}.`,
          ),
        ),
      )
      .listen(port, () => probe.close(resolve));
  });
}

function maskPassword(databaseUrl) {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const levelColor = (level) => (level >= 50 ? red : level >= 40 ? yellow : level >= 30 ? green : dim);

/** One pino JSON line as "time LEVEL msg" (with the request or error when there is one). */
function pretty(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line; // not JSON: a crash trace or a library writing directly
  }
  if (typeof entry !== 'object' || entry === null || !('level' in entry)) return line;
  const time =
    typeof entry.time === 'string'
      ? entry.time.slice(11, 23)
      : new Date(entry.time).toISOString().slice(11, 23);
  const level = levelColor(entry.level)((LEVELS[entry.level] ?? entry.level).padEnd(5));
  let text = `${dim(time)} ${level} ${entry.msg ?? ''}`;
  if (entry.req && entry.res)
    text += ` ${entry.req.method} ${entry.req.url} → ${entry.res.statusCode} (${entry.responseTime} ms)`;
  // Our own lines carry the error's message as a string; Nest's and pino's carry the error.
  if (typeof entry.err === 'string') text += `: ${entry.err}`;
  else if (entry.err) text += `\n${entry.err.stack ?? entry.err.message}`;
  return text;
}

/** Starts a long-running process and prefixes every line it prints with its name. */
function launch({ name, args, env, color }) {
  // detached: its own process group, so the terminal's Ctrl-C reaches only this script, which
  // then sends one SIGTERM. (Nest reacts to the first signal and a second would kill it mid-drain.)
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const prefix = color(name.padEnd(18));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const text = flags.json ? line : pretty(line);
      for (const part of text.split('\n')) console.log(`${prefix} ${part}`);
    });
  }
  // 'close' rather than 'exit': it comes after the last line of output has been read.
  child.on('close', (code, signal) => {
    children.delete(child);
    if (stopping) return;
    console.error(
      `${red('✘')} ${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`,
    );
    void shutdown(1);
  });
  return child;
}

/** Polls GET readyUrl until it answers 200; fails naming the process and its last answer. */
async function waitUntilReady({ name, readyUrl }) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status} ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${name} was not ready after ${READY_TIMEOUT_MS / 1000} s: GET ${readyUrl} → ${last}`);
}

/** SIGTERM to every child, wait for them to drain, then stop the infrastructure we started. */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (children.size > 0) {
    console.log(`${bold('▶')} stopping ${children.size} process(es), waiting for them to drain...`);
    const started = Date.now();
    const exited = [...children].map((child) => new Promise((resolve) => child.once('close', resolve)));
    for (const child of children) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      console.error(`${yellow('!')} still running after ${STOP_GRACE_MS / 1000} s; killing`);
      for (const child of children) child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await Promise.all(exited);
    clearTimeout(timer);
    console.log(`${green('✔')} all processes exited ${dim(`(${seconds(started)})`)}`);
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  process.exit(code);
}

let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // npm forwards the signal it got too, so a second one within a second is the same Ctrl-C;
    // a later one means "stop waiting": kill the children outright.
    if (!stopping) firstSignalAt = Date.now();
    else if (Date.now() - firstSignalAt > 1000) for (const child of children) child.kill('SIGKILL');
    void shutdown(0);
  });
}
// Detached children outlive a crash of this script; take them down with it.
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
// `npm start` runs us under "sh -c", which dies of a SIGTERM sent to npm (an IDE's stop button)
// without passing it on: we would be orphaned. Treat a new parent as that SIGTERM.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && void shutdown(0), 1000).unref();

// 1–2. Infrastructure.
// The services refuse HS256 secrets under 32 bytes and one secret for both kinds of token: say
// so before anything starts (the generated ones are 43 bytes each and distinct).
const secrets = await step('Development secrets', async () => {
  const found = devSecrets();
  for (const [name, value] of [
    ['JWT_SECRET', found.jwtSecret],
    ['INTERNAL_JWT_SECRET', found.internalJwtSecret],
  ]) {
    if (Buffer.byteLength(value, 'utf8') < 32) throw new Error(`${name} must be at least 32 bytes`);
  }
  if (found.jwtSecret === found.internalJwtSecret)
    throw new Error('INTERNAL_JWT_SECRET must differ from JWT_SECRET');
  return found;
});

const kafka = await step('Kafka', async () => {
  const k = await ensureKafka();
  cleanups.push(k.stop);
  console.log(`  ${k.brokers.join(',')} ${origin(k.startedByUs)}`);
  return k;
});
const postgres = await step('PostgreSQL', async () => {
  const p = await ensurePostgres();
  cleanups.push(p.stop);
  console.log(`  ${maskPassword(p.databaseUrl)} ${origin(p.startedByUs)}`);
  return p;
});

// Before the slow steps: a previous `npm start` still running is the usual cause.
await step('ports free', () => Promise.all(services.map(assertPortFree)));

// 3. Build every project (incremental: tsc -b skips what is up to date).
if (flags.build) {
  await step('build (tsc -b tsconfig.build.json)', async () => {
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    const { code } = await run([tsc, '-b', 'tsconfig.build.json'], { inherit: true });
    if (code !== 0) throw new Error('the build failed (errors above); fix them, or run with --no-build');
  });
}

// 4. Migrations, one service at a time so a failure names its service and nothing else runs.
const env = {
  ...process.env,
  NODE_ENV: 'development',
  LOG_LEVEL: process.env.LOG_LEVEL || 'info',
  DATABASE_URL: postgres.databaseUrl,
  KAFKA_BROKERS: kafka.brokers.join(','),
  // kafkajs 2.2.4 trips a harmless Node 24 warning on every connection (tulios/kafkajs#1751).
  NODE_OPTIONS: [process.env.NODE_OPTIONS, '--disable-warning=TimeoutNegativeWarning']
    .filter(Boolean)
    .join(' '),
};
for (const { name } of services) {
  await step(`migrate ${name}`, async () => {
    const main = join('apps', name, 'dist', 'migrate.js');
    if (!existsSync(join(root, main))) throw new Error(`${main} is missing: run without --no-build`);
    const { code, output } = await run([process.execPath, main], { env });
    if (code !== 0)
      throw new Error(`node ${main} exited with ${code}:\n  ${output.replaceAll('\n', '\n  ')}`);
    console.log(`  ${dim(output.split('\n').at(-1))}`);
  });
}

// 5. The services (and any extra processes), all at once.
const processes = [
  ...services.map(({ name, port, color }) => ({
    name,
    color,
    args: [join('apps', name, 'dist', 'main.js')],
    readyUrl: `http://127.0.0.1:${port}/health/ready`,
    env: {
      ...env,
      PORT: String(port),
      JWT_SECRET: secrets.jwtSecret,
      INTERNAL_JWT_SECRET: secrets.internalJwtSecret,
      ...(name === 'auth-profiles' && {
        PUBLIC_BASE_URL: authProfilesPublicUrl(),
        ENCRYPTION_KEYS: secrets.encryptionKeys,
        ...sandboxSettingsForAuthProfiles(),
      }),
      ...((name === 'action-config' || name === 'dialogs') && { AUTH_PROFILES_URL: authProfilesUrl }),
      // dialogs calls the sandbox's API (3LO gateway and Basic sites) at its private address.
      ...(name === 'dialogs' && { OUTBOUND_ALLOWLIST: `127.0.0.1:${sandboxPort}` }),
    },
  })),
  ...extraProcesses(env),
];
await step('start services and wait for /health/ready', async () => {
  processes.forEach(launch);
  await Promise.all(processes.map(waitUntilReady));
});

// 6. What a developer needs next.
const requireCommonJs = createRequire(import.meta.url);
const { signDevToken } = requireCommonJs(join(root, 'libs', 'service-kit', 'dist', 'index.js'));
const token = await signDevToken(
  { sub: 'developer', apps: [secrets.devAppId], edition: 'developer', expiresIn: '12h' },
  secrets.jwtSecret,
);
writeFileSync(join(cacheDir, 'dev-token'), `${token}\n`, { mode: 0o600 });

const lines = [
  bold(`Actionhub is running: all ready ${seconds(scriptStartedAt)} after npm start. Ctrl-C stops it.`),
  '',
  ...services.map(
    ({ name, port, color }) =>
      `${color(name.padEnd(19))} http://127.0.0.1:${port}   ${dim(`http://127.0.0.1:${port}/docs/openapi.json`)}`,
  ),
  '',
  `${'Kafka'.padEnd(19)} ${kafka.brokers.join(',')} ${origin(kafka.startedByUs)}`,
  `${'PostgreSQL'.padEnd(19)} ${maskPassword(postgres.databaseUrl)} ${origin(postgres.startedByUs)}`,
  `${'developer app id'.padEnd(19)} ${secrets.devAppId}`,
  `${'bearer token'.padEnd(19)} sub "developer", edition "developer", valid 12 h (also in .cache/dev-token)`,
  token,
];
// Left border only: the token is wider than most terminals, and a right border would break.
console.log(`\n╭${'─'.repeat(78)}\n${lines.map((line) => `│ ${line}`).join('\n')}\n╰${'─'.repeat(78)}`);
console.log(`
Try it:
  export TOKEN=$(cat .cache/dev-token)
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:${services[1].port}/health/ready
`);
