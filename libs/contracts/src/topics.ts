/** One topic per producing service; a service publishes only to its own topic. */
export const Topics = {
  authProfiles: 'actionhub.auth-profiles.events',
  actionConfig: 'actionhub.action-config.events',
  templateInstaller: 'actionhub.template-installer.events',
  dialogs: 'actionhub.dialogs.events',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Where a consumer parks a message it cannot process, so the partition keeps moving. */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}

/** Every topic a deployment needs: the event topics and their dead-letter topics. */
export function allTopics(): string[] {
  const topics: string[] = Object.values(Topics);
  return [...topics, ...topics.map(dlqTopic)];
}

/**
 * Where the dead-letter tool (`npm run dlq`) records which parked messages it replayed or
 * discarded, so each is handled once. Compacted; not an event topic (no AsyncAPI channel).
 */
export const DLQ_LEDGER_TOPIC = 'actionhub.dlq-ledger';
