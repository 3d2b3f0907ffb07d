#!/usr/bin/env node
// Resolve throughput and latency for a warm connection (POST /internal/v1/apps/:appId/connections/resolve
// on auth-profiles, real PostgreSQL and Kafka, token decrypted per call), next to a bare NestJS
// route on the same Express adapter, measured in the same run because these machines are noisy.
//
//   npm run bench:resolve [-- --seconds 10 --concurrency 32]   (builds first; Node 24)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startAuthProfilesStack } from './auth-profiles-stack.mjs';
import { formatRow, measure } from './load.mjs';

const require = createRequire(import.meta.url);
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
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
/** Issue 14: resolve serves at least this share of the bare route's throughput. */
const RESOLVE_SHARE_TARGET = 0.8;

const { NestFactory } = require('@nestjs/core');
const { Controller, Module, Post, HttpCode } = require('@nestjs/common');

const stack = await startAuthProfilesStack({ logLevel: args['log-level'] });
const [service] = stack.services;

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
const appId = await stack.connect();
const resolveBody = JSON.stringify({ actionKey: 'confluence', subject: { type: 'app' } });
const resolveOnce = () => stack.resolve(service, appId);
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

const loadBefore = load();
say(
  `${availableParallelism()} CPUs, Node ${process.version}, load average ${loadBefore}, ${concurrency} concurrent clients, ${seconds} s per run (after 2 s of warm-up each); load generator in the same process`,
);
await measure(bareOnce, { concurrency, seconds: 2 });
const baseline = await measure(bareOnce, { concurrency, seconds });
await measure(resolveOnce, { concurrency, seconds: 2 });
const resolved = await measure(resolveOnce, { concurrency, seconds });
console.log(formatRow('bare NestJS route (baseline)', baseline));
console.log(formatRow('resolve, warm connection', resolved));
const share = resolved.rps / baseline.rps;
console.log(
  `${share >= RESOLVE_SHARE_TARGET ? 'MET ' : 'MISS'}  resolve / baseline throughput: ${(share * 100).toFixed(0)} % ` +
    `(aim, issue 14: at least ${RESOLVE_SHARE_TARGET * 100} %)`,
);
console.log(`load average ${loadBefore} before the runs, ${load()} after (1, 5, 15 min)`);
const refreshes = stack.sandbox.state.counters.refreshTokenGrants;
console.log(`token endpoint refreshes during the runs: ${refreshes} (a warm connection needs none)`);

await bare.close();
await stack.stop();
