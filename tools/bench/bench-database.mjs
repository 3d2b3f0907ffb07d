// The benchmarks' database: its own, next to DATABASE_URL's (<name>_bench), so benchmarks run by
// different people against one PostgreSQL server never migrate or read each other's tables.
export function benchDatabaseUrl() {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/actionhub');
  url.pathname = `${url.pathname}_bench`;
  return url.toString();
}
