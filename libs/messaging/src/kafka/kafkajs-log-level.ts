import { logLevel } from 'kafkajs';

export type LogLevelName = 'debug' | 'warn' | 'error';

// kafkajs logs a failed response with the broker error's message only; its own error table says
// which of those it retries by itself. Not part of its typed API, hence the plain require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { errorCodes } = require('kafkajs/src/protocol/error') as {
  errorCodes: { message: string; retriable: boolean }[];
};
const RETRIABLE_MESSAGES = errorCodes.filter((e) => e.retriable).map((e) => e.message);

// Errors kafkajs recovers from by reconnecting or rejoining (besides retriable broker answers).
const TRANSIENT_ERROR_NAMES = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
]);

const isRetriableText = (text: string) => RETRIABLE_MESSAGES.some((m) => text.includes(m));

/**
 * What a kafkajs log line means for an operator. kafkajs logs at ERROR what it retries by itself:
 * a freshly started broker ("The coordinator is loading", InitProducerId, GroupCoordinator) makes
 * every service print a few such lines although nothing is wrong. Those go to debug while the
 * client starts (the first `startupGraceMs`); afterwards a consumer that had to restart is a
 * warning, a retried answer stays debug. A failure kafkajs does not recover from stays an error. Retries that run out surface
 * to our own code, which logs them.
 */
export function kafkajsLogLevel(
  level: logLevel,
  message: string,
  fields: { error?: unknown; [key: string]: unknown },
  sinceStartMs: number,
  startupGraceMs = 30_000,
): LogLevelName {
  const starting = sinceStartMs < startupGraceMs;
  // Our producers limit retries on purpose (the outbox retries later, the inbox absorbs
  // duplicates), so kafkajs' warning about it is noise.
  if (message.startsWith('Limiting retries for the idempotent producer')) return 'debug';
  // Services starting together create the same topics: the losers' "Topic creation errors"
  // mean "already exists". A real failure still surfaces, as ensureTopics' rejection.
  if (message.startsWith('Response CreateTopics')) return 'debug';
  // A broker's answer kafkajs retries by itself.
  if (message.startsWith('Response ') && isRetriableText(String(fields.error ?? ''))) return 'debug';
  // A consumer crash kafkajs recovers from by restarting it: the crash line says why, the
  // "Restarting" line after it adds nothing.
  const crash = /^Crash: (\w+): (.*)$/s.exec(message);
  if (crash && (TRANSIENT_ERROR_NAMES.has(crash[1]!) || isRetriableText(crash[2]!))) {
    return starting ? 'debug' : 'warn';
  }
  if (message.startsWith('Restarting the consumer in')) return 'debug';
  if (level === logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  return 'debug';
}
