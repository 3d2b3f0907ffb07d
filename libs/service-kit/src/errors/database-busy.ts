// PostgreSQL's answers when a bulkhead (see serviceDataSourceOptions) refused the work.
const QUERY_CANCELED = '57014'; // statement_timeout
const LOCK_NOT_AVAILABLE = '55P03'; // lock_timeout

/**
 * Why the database refused the work because it is busy (no pool slot within the acquire
 * timeout, a statement or lock wait past its timeout), or null for any other error.
 */
export function databaseBusyReason(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  // pg-pool's words when no connection came free within connectionTimeoutMillis.
  if (error.message === 'timeout exceeded when trying to connect') return 'no database connection came free';
  const code =
    (error as { driverError?: { code?: unknown }; code?: unknown }).driverError?.code ??
    (error as { code?: unknown }).code;
  if (code === QUERY_CANCELED) return 'a database statement ran past its timeout';
  if (code === LOCK_NOT_AVAILABLE) return 'a database lock was not granted in time';
  return null;
}
