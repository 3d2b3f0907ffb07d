import { Kafka, KafkaJSError, Producer } from 'kafkajs';
import { createIdempotentProducer } from '../../../src';

/** A small seeded generator, so a failing run can be replayed with the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InjectedFaults {
  /** Sends failed before reaching the broker. */
  before: number;
  /** Sends the broker took, reported as failed anyway (a lost acknowledgement). */
  after: number;
}

/**
 * Real idempotent producers whose sends fail now and then, either before the records reach the
 * broker or after the broker appended them, so the relay cannot tell and publishes them again.
 */
export function flakyProducers(
  kafka: Kafka,
  random: () => number,
  { failBefore = 0.15, failAfter = 0.1 } = {},
): { create: () => Producer; faults: InjectedFaults } {
  const faults: InjectedFaults = { before: 0, after: 0 };
  const flaky = async <T>(send: () => Promise<T>): Promise<T> => {
    const dice = random();
    if (dice < failBefore) {
      faults.before++;
      throw new KafkaJSError('injected: the connection dropped before the send');
    }
    const result = await send();
    if (dice < failBefore + failAfter) {
      faults.after++;
      throw new KafkaJSError('injected: the acknowledgement was lost');
    }
    return result;
  };
  const create = (): Producer => {
    const producer = createIdempotentProducer(kafka);
    return {
      ...producer,
      send: (record) => flaky(() => producer.send(record)),
      sendBatch: (batch) => flaky(() => producer.sendBatch(batch)),
    };
  };
  return { create, faults };
}
