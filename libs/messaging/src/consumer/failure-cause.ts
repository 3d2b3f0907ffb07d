import { QueryFailedError } from 'typeorm';

/** What a failed attempt to consume an event was waiting on. */
export type FailureCause = 'postgres' | 'kafka' | 'handler';

export const causeLabel: Record<FailureCause, string> = {
  postgres: 'PostgreSQL',
  kafka: 'Kafka',
  handler: 'its event handler',
};

// SQLSTATEs that say nothing about the event: the server is away, restarting, overloaded, read-only
// after a failover, or picked this transaction as the victim of a conflict. Classes: 08 connection
// exception, 53 insufficient resources, 57 operator intervention (shutdown, statement timeout),
// 58 system error.
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '25006', // read_only_sql_transaction: still talking to a demoted primary
]);
const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
// What node-postgres and its pool say when the connection, not the query, failed.
const PG_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /is not queryable/i,
  /Query read timeout/i,
];

/**
 * Where a failure came from, given whether it was thrown by the handler's own code. Everything
 * outside the handler (connecting, BEGIN, the inbox row, COMMIT) is PostgreSQL's; inside it, a
 * database error counts as PostgreSQL's only when its SQLSTATE or message says the server or the
 * connection failed: a constraint violation or bad SQL is the handler's.
 */
export function failureCause(error: unknown, inHandler: boolean): FailureCause {
  for (const e of causeChain(error)) {
    if (isKafkaError(e)) return 'kafka';
    if (isPostgresOutage(e)) return 'postgres';
  }
  return inHandler ? 'handler' : 'postgres';
}

function isPostgresOutage(error: Error): boolean {
  const driver = error instanceof QueryFailedError ? (error.driverError as Error) : error;
  const code = (driver as { code?: unknown }).code;
  if (typeof code === 'string') {
    // A socket error inside a query is the database connection's; elsewhere it may be any call.
    if (SOCKET_ERROR_CODES.has(code)) return error instanceof QueryFailedError;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      return TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
    }
  }
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(driver.message ?? ''));
}

const isKafkaError = (error: Error) => error.name.startsWith('KafkaJS');

function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = e.cause) chain.push(e);
  return chain;
}
