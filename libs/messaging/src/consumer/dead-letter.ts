import { IHeaders, KafkaMessage } from 'kafkajs';

/**
 * Why a message was parked. Only poison is: bytes that are not an event, an event that breaks its
 * contract, or one a handler rejected (rejectEvent). Failures of PostgreSQL, Kafka or a handler's
 * code are retried, never parked.
 */
export type DeadLetterReason = 'malformed' | 'contract_violation' | 'rejected';

export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

/** The original bytes and headers, plus where the message came from and why it was parked. */
export function deadLetterMessage(
  message: KafkaMessage,
  origin: { topic: string; partition: number; groupId: string },
  failure: { reason: DeadLetterReason; error: string },
) {
  const headers: IHeaders = {
    ...message.headers,
    'dlq-reason': failure.reason,
    'dlq-error': failure.error.slice(0, 1000),
    'dlq-consumer-group': origin.groupId,
    'dlq-original-topic': origin.topic,
    'dlq-original-partition': String(origin.partition),
    'dlq-original-offset': message.offset,
    'dlq-failed-at': new Date().toISOString(),
  };
  return { key: message.key, value: message.value, headers };
}
