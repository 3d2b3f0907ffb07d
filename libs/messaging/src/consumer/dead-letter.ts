import { IHeaders, KafkaMessage } from 'kafkajs';

export type DeadLetterReason = 'malformed' | 'contract_violation' | 'non_retriable' | 'retries_exhausted';

export const dlqTopicOf = (topic: string) => `${topic}.dlq`;

/** The original bytes and headers, plus where the message came from and why it was parked. */
export function deadLetterMessage(
  message: KafkaMessage,
  origin: { topic: string; partition: number; groupId: string },
  failure: { reason: DeadLetterReason; error: string; attempts: number },
) {
  const headers: IHeaders = {
    ...message.headers,
    'dlq-reason': failure.reason,
    'dlq-error': failure.error.slice(0, 1000),
    'dlq-attempts': String(failure.attempts),
    'dlq-consumer-group': origin.groupId,
    'dlq-original-topic': origin.topic,
    'dlq-original-partition': String(origin.partition),
    'dlq-original-offset': message.offset,
    'dlq-failed-at': new Date().toISOString(),
  };
  return { key: message.key, value: message.value, headers };
}
