#!/usr/bin/env node
// A refresh storm: `--storm` concurrent resolves (default 500) of one connection whose token is
// about to expire (60 s left) or has expired, split across two auth-profiles replicas on the same
// database, so every resolve needs a refresh and the lease lets exactly one through. Next to it,
// in the same run, the same number of concurrent resolves of a warm connection (no refresh): the
// baseline. Each shape runs `--rounds` times; latencies are per resolve, over all rounds.
//
//   npm run bench:refresh [-- --storm 500 --rounds 5]   (builds first; Node 24)
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { startAuthProfilesStack } from './auth-profiles-stack.mjs';

const require = createRequire(import.meta.url);
const { Client } = require('pg');
const { values: args } = parseArgs({
  options: {
    storm: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const storm = Number(args.storm);
const rounds = Number(args.rounds);

const stack = await startAuthProfilesStack({ replicas: 2, logLevel: args['log-level'] });
const db = new Client({ connectionString: stack.databaseUrl });
await db.connect();
const counters = () => ({ ...stack.sandbox.state.counters });

/** `storm` resolves at once, alternating replicas; answers every latency (ms) and the errors. */
async function burst(appId) {
  const latencies = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: storm }, async (_, i) => {
      const started = performance.now();
      const ok = await stack.resolve(stack.services[i % 2], appId).catch(() => false);
      latencies.push(performance.now() - started);
      if (!ok) errors++;
    }),
  );
  return { latencies, errors };
}

async function run(name, appId, before) {
  const latencies = [];
  const tokenCalls = [];
  let errors = 0;
  for (let round = 0; round < rounds; round++) {
    await before?.();
    const calls = counters().tokenRequests;
    const result = await burst(appId);
    latencies.push(...result.latencies);
    errors += result.errors;
    tokenCalls.push(counters().tokenRequests - calls);
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const ms = (v) => `${v.toFixed(0)} ms`.padStart(8);
  console.log(
    `${name.padEnd(44)} p50 ${ms(at(0.5))}  p99 ${ms(at(0.99))}  max ${ms(latencies.at(-1))}  errors ${errors}/${latencies.length}  token calls per storm: ${tokenCalls.join(', ')}`,
  );
}

const warmApp = await stack.connect();
const stormApp = await stack.connect();
const setExpiry = (interval) =>
  db.query(`UPDATE auth_profiles.connection SET expires_at = now() + $2::interval WHERE app_id = $1`, [
    stormApp,
    interval,
  ]);
// Warm-up: both replicas, both connections, JIT and pools.
await burst(warmApp);
await setExpiry('60 seconds');
await burst(stormApp);

console.log(
  `[bench] ${availableParallelism()} CPUs, Node ${process.version}, ${storm} concurrent resolves per storm over 2 replicas, ${rounds} storms per row; load generator and sandbox in the same process`,
);
await run('warm resolves (baseline, no refresh)', warmApp);
await run('refresh storm, token expiring (60 s left)', stormApp, () => setExpiry('60 seconds'));
await run('refresh storm, token expired', stormApp, () => setExpiry('-1 second'));
console.log(
  `refresh-token reuse revocations: ${counters().refreshTokenReuseRevocations} (the sandbox revokes a grant whose retired token comes back late)`,
);

await db.end();
await stack.stop();
