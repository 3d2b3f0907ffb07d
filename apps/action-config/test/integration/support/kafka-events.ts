import { EventEnvelope, serializeEvent } from '@actionhub/contracts';
import { createKafka, TopicNames } from '@actionhub/messaging';
import { KafkaProbe, testKafkaBrokers } from '@actionhub/testing';
import { Kafka, Producer } from 'kafkajs';

/**
 * Puts real envelopes on the prefixed topics, as another service's relay would: how the tests
 * stand in for auth-profiles (AuthorizationCompleted, ...) and replay or duplicate events.
 */
export class EventProducer {
  readonly kafka: Kafka;
  readonly topics: TopicNames;
  private producer: Producer | null = null;

  constructor(topicPrefix: string) {
    this.kafka = createKafka({ clientId: 'integration-test', brokers: testKafkaBrokers() });
    this.topics = new TopicNames(topicPrefix);
  }

  async publish(...envelopes: EventEnvelope[]): Promise<void> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    for (const envelope of envelopes) {
      const { topic, key, value, headers } = serializeEvent(envelope);
      await this.producer.send({
        topic: this.topics.resolve(topic),
        acks: -1,
        messages: [{ key, value, headers }],
      });
    }
  }

  /** A probe reading the given contract topics (prefixed) from the beginning. */
  probe(...contractTopics: string[]): Promise<KafkaProbe> {
    return new KafkaProbe(this.kafka).start(contractTopics.map((t) => this.topics.resolve(t)));
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }
}
