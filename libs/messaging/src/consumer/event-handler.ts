import { EventEnvelope } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';

export interface HandlerContext {
  /** The transaction that also records the event in the inbox: write the effect through it. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Handles one event type for one consumer group. Must make its effect only through `manager`,
 * whose transaction may also hold the effects of the events before it on its partition.
 *
 * Whatever a handler throws is retried (its partition pauses and the event is tried again with
 * capped backoff, for as long as it takes), except a deliberate rejection: `rejectEvent(reason)`
 * sends the event to `<topic>.dlq` at once. Reject only what no retry and no deployment can make
 * valid; a bug is better fixed and retried than parked, because a parked event is missing from
 * the flow and the next events of its key would overtake it.
 */
export interface EventHandler<E extends EventEnvelope = EventEnvelope> {
  readonly eventType: E['type'];
  /**
   * Whether its events may share a transaction with the next events of their partition (default
   * true): the consumer then commits up to maxBatchSize events, their inbox rows and effects, at
   * once. Say false for a handler that must commit alone, e.g. one whose locks must not be held
   * while other events are handled.
   */
  readonly batchable?: boolean;
  handle(event: E, context: HandlerContext): Promise<void>;
}

/** A handler's deliberate rejection: the event goes to the dead-letter topic without a retry. */
export class PoisonEventError extends Error {
  override readonly name = 'PoisonEventError';
}

/** Rejects the event being handled (its transaction rolls back; it goes to `<topic>.dlq` at once). */
export function rejectEvent(reason: string): never {
  throw new PoisonEventError(reason);
}
