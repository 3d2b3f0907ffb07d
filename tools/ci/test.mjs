// `npm test`: every check a change must pass, on real Kafka and PostgreSQL. Runs each step even
// after a failure so one run reports everything, and ends with "N passed, M failed" alone on
// the last line (each check step counts as one test, plus Jest's tests; see totals.mjs).
// Extra arguments go to Jest: `npm test -- libs/messaging`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';
import { ensurePostgres } from '../db/postgres.mjs';
import { totals, totalsLine } from './totals.mjs';

const root = join(import.meta.dirname, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const resultsFile = join(root, '.cache', 'jest-results.json');
const say = (line) => process.stderr.write(`${line}\n`);
const steps = [];
const cleanups = [];
let current = null; // the step's running command
let interrupted = null; // the signal that cut the run short

function run(cmd, args, env = process.env, stdout = 'inherit') {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['inherit', stdout, 'inherit'], env });
    current = child;
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', (error) => {
      say(`  could not run ${cmd}: ${error.message}`);
      resolve(127);
    });
  });
}

/** Announces, times and records one step; `fn` resolves to an exit code (0 = passed). */
async function step(name, fn, { record = true } = {}) {
  if (interrupted) return { code: 1, seconds: 0 };
  say(`\n▶ ${name}`);
  const started = Date.now();
  let code = 1;
  try {
    code = await fn();
  } catch (error) {
    say(`  ${error.message}`);
  }
  const seconds = (Date.now() - started) / 1000;
  if (record) steps.push({ name, ok: code === 0, seconds });
  say(`${code === 0 ? '✔' : '✘'} ${name} (${seconds.toFixed(1)} s)`);
  return { code, seconds };
}

async function stopAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

function printSummary(jest, jestRun, result) {
  say('\nsummary');
  for (const s of steps) say(`  ${s.ok ? 'ok  ' : 'FAIL'}  ${s.seconds.toFixed(1).padStart(5)} s  ${s.name}`);
  const jestLine = jest
    ? `jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed, ` +
      `${jest.numFailedTestSuites} of ${jest.numTotalTestSuites} suites failed`
    : 'jest: no results (it crashed or was interrupted; see its output above)';
  say(`  ${jestRun.code === 0 ? 'ok  ' : 'FAIL'}  ${jestRun.seconds.toFixed(1).padStart(5)} s  ${jestLine}`);
  console.log(totalsLine(result));
}

async function main() {
  await step('format (prettier --check)', () =>
    run(bin('prettier'), ['--check', '--log-level', 'warn', '.']),
  );
  await step('lint (eslint, module boundaries)', async () => {
    // The module-boundaries rule reads Nx's cached project graph and is silently skipped when
    // there is none, as on a fresh clone: compute it first.
    const graph = await run(
      bin('nx'),
      ['show', 'projects'],
      { ...process.env, NX_DAEMON: 'false' },
      'ignore',
    );
    if (graph !== 0) return graph;
    return run(bin('eslint'), ['.', '--max-warnings', '0']);
  });
  await step('types (tsc --noEmit)', () => run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']));
  await step('build (tsc -b)', () => run(bin('tsc'), ['-b', 'tsconfig.build.json']));

  // Started once here so the drift check and every Jest suite share them; Jest's global setup
  // reuses them through KAFKA_BROKERS and DATABASE_URL.
  const env = { ...process.env };
  const infra = await step('start Kafka and PostgreSQL', async () => {
    const kafka = await ensureKafka();
    cleanups.push(kafka.stop);
    const postgres = await ensurePostgres();
    cleanups.push(postgres.stop);
    env.KAFKA_BROKERS = kafka.brokers.join(',');
    env.DATABASE_URL = postgres.databaseUrl;
    return 0;
  });
  if (infra.code === 0) {
    await step('migrations match entities (db:check-drift)', () =>
      run(process.execPath, ['tools/db/check-drift.mjs'], env),
    );
  }

  mkdirSync(join(root, '.cache'), { recursive: true });
  rmSync(resultsFile, { force: true });
  const jestArgs = ['--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)];
  // Without the services the integration suites can only time out; the failed start above
  // already fails the run, and the unit results still say something.
  if (infra.code !== 0) jestArgs.push('--selectProjects', 'unit');
  const jestRun = await step(
    `jest ${infra.code === 0 ? '(unit and integration)' : '(unit only: Kafka or PostgreSQL did not start)'}`,
    () => run(bin('jest'), jestArgs, env),
    { record: false },
  );
  const jest = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
  return { jest, jestRun };
}

ignoreKafkajsTimeoutWarnings();
// Ctrl-C or a CI timeout: end the running command, skip the remaining steps, and still stop
// the services started here and print the totals. A second signal leaves at once.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return stopAll().finally(() => process.exit(1));
    interrupted = signal;
    say(`\n${signal}: stopping the run`);
    current?.kill(signal);
  });
}

let outcome;
try {
  outcome = await main();
} finally {
  await stopAll();
}
const result = totals(steps, outcome.jest, outcome.jestRun.code);
if (interrupted) say(`\ninterrupted by ${interrupted}: the remaining steps did not run`);
printSummary(outcome.jest, outcome.jestRun, result);
process.exitCode = result.failed > 0 || interrupted ? 1 : 0;
