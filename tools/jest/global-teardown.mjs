// Stops only what the global setup started itself (a broker or embedded PostgreSQL that
// `npm test` or a developer started stays up).
export default async function globalTeardown() {
  const infra = globalThis.__actionhubInfra;
  if (!infra) return;
  delete globalThis.__actionhubInfra;
  await Promise.all([infra.kafka.stop(), infra.postgres.stop()]);
}
