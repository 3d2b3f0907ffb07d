// `npm test`: every check a change must pass, on real Kafka and PostgreSQL. Runs each step even
// after a failure so one run reports everything, and ends with "N passed, M failed" alone on
// the last line. Extra arguments go to Jest: `npm test -- libs/messaging`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafka } from '../kafka/kafka.mjs';
import { ensurePostgres } from '../db/postgres.mjs';
import { totals, totalsLine } from './totals.mjs';

const root = join(import.meta.dirname, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [];
const cleanups = [];

function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

async function step(name, fn) {
  process.stderr.write(`\n▶ ${name}\n`);
  const started = Date.now();
  let ok = false;
  try {
    ok = (await fn()) === 0;
  } catch (error) {
    process.stderr.write(`  ${error.message}\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  steps.push({ name, ok, seconds });
  process.stderr.write(`${ok ? '✔' : '✘'} ${name} (${seconds.toFixed(1)} s)\n`);
  return ok;
}

async function stopAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}
process.once('SIGINT', () => stopAll().then(() => process.exit(130)));
process.once('SIGTERM', () => stopAll().then(() => process.exit(143)));

await step('format (prettier --check)', () => run(bin('prettier'), ['--check', '--log-level', 'warn', '.']));
await step('lint (eslint, module boundaries)', () => run(bin('eslint'), ['.', '--max-warnings', '0']));
await step('types (tsc --noEmit)', () => run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']));
await step('build (tsc -b)', () => run(bin('tsc'), ['-b', 'tsconfig.build.json']));

const env = { ...process.env };
const infraUp = await step('start Kafka and PostgreSQL', async () => {
  const kafka = await ensureKafka();
  cleanups.push(kafka.stop);
  const postgres = await ensurePostgres();
  cleanups.push(postgres.stop);
  env.KAFKA_BROKERS = kafka.brokers.join(',');
  env.DATABASE_URL = postgres.databaseUrl;
  return 0;
});

if (infraUp) {
  await step('migrations match entities (db:check-drift)', () =>
    run('node', ['tools/db/check-drift.mjs'], env),
  );
}

const resultsFile = join(root, '.cache', 'jest-results.json');
mkdirSync(join(root, '.cache'), { recursive: true });
rmSync(resultsFile, { force: true });
const jestArgs = ['--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)];
if (!infraUp) jestArgs.push('--selectProjects', 'unit');
process.stderr.write(
  `\n▶ jest ${infraUp ? '(unit and integration)' : '(unit only: Kafka or PostgreSQL did not start)'}\n`,
);
const jestCode = await run(bin('jest'), jestArgs, env);
const jest = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : null;
await stopAll();

const result = totals(steps, jest);
if (!jest) result.failed += 1;
process.stderr.write('\nsummary\n');
for (const s of steps)
  process.stderr.write(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds.toFixed(1)} s)\n`);
if (jest) {
  process.stderr.write(
    `  ${jestCode === 0 ? 'ok  ' : 'FAIL'} jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed in ${jest.numTotalTestSuites} suites\n`,
  );
}
console.log(totalsLine(result));
process.exitCode = result.failed > 0 || jestCode !== 0 ? 1 : 0;
