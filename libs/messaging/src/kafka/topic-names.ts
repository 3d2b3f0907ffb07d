import { dlqTopic } from '@actionhub/contracts';

/**
 * Maps contract topic names to the physical topics of one deployment. A prefix lets several
 * environments (or isolated test runs) share one Kafka cluster without seeing each other.
 */
export class TopicNames {
  constructor(readonly prefix = '') {}

  resolve(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  dlq(topic: string): string {
    return this.resolve(dlqTopic(topic));
  }
}
