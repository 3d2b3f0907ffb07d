// Stops only what the global setup started itself.
export default async function globalTeardown() {
  const infra = globalThis.__actionhubInfra;
  if (!infra) return;
  await infra.kafka.stop();
  await infra.postgres.stop();
}
