import { performance } from 'node:perf_hooks';
// A small closed-loop load generator: `concurrency` workers send requests back to back for
// `seconds`, over keep-alive connections, and we keep every latency.

/** Runs `send()` in a loop; answers { requests, errors, seconds, rps, p50, p90, p99, max } (ms). */
export async function measure(send, { concurrency = 32, seconds = 10 } = {}) {
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await send().catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
  };
}

export function formatRow(name, r) {
  const ms = (v) => `${v.toFixed(2)} ms`.padStart(10);
  return `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${ms(r.p50)}  p90 ${ms(r.p90)}  p99 ${ms(r.p99)}  errors ${r.errors}/${r.requests}`;
}
