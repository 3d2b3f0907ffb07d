#!/usr/bin/env node
// Resolve throughput and latency for a warm connection (POST /internal/v1/apps/:appId/connections/resolve
// on auth-profiles, real PostgreSQL and Kafka, token decrypted per call), next to a bare NestJS
// route on the same Express adapter, measured in the same run because these machines are noisy.
//
//   npm run bench:resolve [-- --seconds 10 --concurrency 32]   (builds first; Node 24)
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { URLSearchParams } from 'node:url';
import { parseArgs } from 'node:util';
import { ensurePostgres } from '../db/postgres.mjs';
import { ensureKafka, ignoreKafkajsTimeoutWarnings } from '../kafka/kafka.mjs';
import { formatRow, measure } from './load.mjs';

ignoreKafkajsTimeoutWarnings();
const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const dist = (path) => require(join(root, path));
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '32' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const seconds = Number(args.seconds);
const concurrency = Number(args.concurrency);
const say = (line) => console.log(`[bench] ${line}`);

const { NestFactory } = require('@nestjs/core');
const { Controller, Module, Post, HttpCode } = require('@nestjs/common');
const { loadConfig, runMigrations, signServiceToken } = dist('libs/service-kit/dist/index.js');
const { startSandbox, registerClient, registerUser } = dist('apps/atlassian-sandbox/dist/index.js');
const { AppModule } = dist('apps/auth-profiles/dist/app.module.js');
const { configSchema } = dist('apps/auth-profiles/dist/config/auth-profiles.config.js');
const { createDataSource } = dist('apps/auth-profiles/dist/database/data-source.js');

const kafka = await ensureKafka();
const postgres = await ensurePostgres({
  databaseUrl: (process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub').replace(
    /\/[^/]*$/,
    '/actionhub_bench',
  ),
});
await runMigrations('auth-profiles', createDataSource, { DATABASE_URL: postgres.databaseUrl });

// auth-profiles, pointed at an in-process Atlassian sandbox, logging at info into nowhere
// (the pino work is measured, the terminal is not).
const sandbox = await startSandbox(0, '127.0.0.1');
const sandboxUrl = sandbox.url.replace(/\/$/, '');
const internalSecret = randomBytes(32).toString('base64url');
const client = { clientId: 'bench-client', clientSecret: randomBytes(16).toString('hex') };
const port = 3901;
registerClient(sandbox.state, {
  ...client,
  name: 'bench',
  redirectUris: [`http://127.0.0.1:${port}/v1/oauth/callback`],
});
const config = loadConfig(configSchema, {
  DATABASE_URL: postgres.databaseUrl,
  KAFKA_BROKERS: kafka.brokers.join(','),
  KAFKA_TOPIC_PREFIX: `bench.${randomBytes(3).toString('hex')}.`,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  INTERNAL_JWT_SECRET: internalSecret,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: args['log-level'],
  PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  CONFLUENCE_SYSTEM_CLIENT_ID: client.clientId,
  CONFLUENCE_SYSTEM_CLIENT_SECRET: client.clientSecret,
  PROVIDER_ORIGIN_OVERRIDES: `https://auth.atlassian.com=${sandboxUrl},https://api.atlassian.com=${sandboxUrl}`,
  OUTBOUND_ALLOWLIST: new URL(sandboxUrl).host,
});
const nowhere = new Writable({ write: (_chunk, _enc, done) => done() });
const service = await NestFactory.create(AppModule.forRoot(config, { logDestination: nowhere }), {
  logger: false,
});
await service.listen(port, '127.0.0.1');
const serviceUrl = `http://127.0.0.1:${port}`;

// The baseline: one POST route answering a small JSON body, nothing else, same adapter.
class BareController {
  resolve() {
    return {
      connectionId: randomUUID(),
      authorization: 'Bearer x',
      apiBaseUrl: 'https://example.com',
      expiresAt: null,
    };
  }
}
Controller()(BareController);
Post('bare')(
  BareController.prototype,
  'resolve',
  Object.getOwnPropertyDescriptor(BareController.prototype, 'resolve'),
);
HttpCode(200)(
  BareController.prototype,
  'resolve',
  Object.getOwnPropertyDescriptor(BareController.prototype, 'resolve'),
);
class BareModule {}
Module({ controllers: [BareController] })(BareModule);
const bare = await NestFactory.create(BareModule, { logger: false });
await bare.listen(0, '127.0.0.1');
const bareUrl = `http://127.0.0.1:${bare.getHttpServer().address().port}/bare`;

// A warm connection: an end user goes through the consent page once.
const appId = randomUUID();
const serviceToken = await signServiceToken(internalSecret, 'dialogs');
const user = registerUser(sandbox.state, {
  email: `bench-${randomUUID()}@example.com`,
  displayName: 'Bench',
  sites: [{ name: 'bench' }],
});
const subject = { type: 'app' };
const started = await (
  await fetch(`${serviceUrl}/internal/v1/apps/${appId}/authorizations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serviceToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ actionKey: 'confluence', profileId: 'system', subject, edition: 'enterprise' }),
  })
).json();
const consentUrl = new URL(started.authorizationUrl);
consentUrl.searchParams.set('login_hint', user.email);
const page = await (await fetch(consentUrl)).text();
const fields = Object.fromEntries(
  [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    m[1],
    m[2].replace(/&amp;/g, '&'),
  ]),
);
const decision = await fetch(`${sandboxUrl}/authorize/decision`, {
  method: 'POST',
  body: new URLSearchParams({ ...fields, decision: 'allow' }),
  redirect: 'manual',
});
const landing = await fetch(decision.headers.get('location'), { redirect: 'manual' });
if (landing.status !== 200) throw new Error(`the consent flow did not complete (${landing.status})`);

const resolveBody = JSON.stringify({ actionKey: 'confluence', subject });
const resolveOnce = async () => {
  const r = await fetch(`${serviceUrl}/internal/v1/apps/${appId}/connections/resolve`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serviceToken}`, 'Content-Type': 'application/json' },
    body: resolveBody,
  });
  await r.arrayBuffer();
  return r.status === 200;
};
const bareOnce = async () => {
  const r = await fetch(bareUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: resolveBody,
  });
  await r.arrayBuffer();
  return r.status === 200;
};
if (!(await resolveOnce())) throw new Error('resolve did not answer 200 for the warm connection');

say(
  `${availableParallelism()} CPUs, Node ${process.version}, ${concurrency} concurrent clients, ${seconds} s per run (after 2 s of warm-up each); load generator in the same process`,
);
await measure(bareOnce, { concurrency, seconds: 2 });
const baseline = await measure(bareOnce, { concurrency, seconds });
await measure(resolveOnce, { concurrency, seconds: 2 });
const resolved = await measure(resolveOnce, { concurrency, seconds });
console.log(formatRow('bare NestJS route (baseline)', baseline));
console.log(formatRow('resolve, warm connection', resolved));
console.log(
  `resolve / baseline throughput: ${((resolved.rps / baseline.rps) * 100).toFixed(0)} %  (aim: at least 50 %)`,
);
const refreshes = sandbox.state.counters.refreshTokenGrants;
console.log(`token endpoint refreshes during the runs: ${refreshes} (a warm connection needs none)`);

await service.close();
await bare.close();
await sandbox.close();
await postgres.stop();
await kafka.stop();
