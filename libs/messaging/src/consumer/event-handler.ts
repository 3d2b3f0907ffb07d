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
 * Handles one event type for one consumer group. Must make its effect only through `manager`.
 *
 * Whatever a handler throws is retried (its partition pauses and the event is tried again with
 * capped backoff, for as long as it takes), except a deliberate rejection: `rejectEvent(reason)`
 * sends the event to `<topic>.dlq` at once. Reject only what no retry and no deployment can make
 * valid; a bug is better fixed and retried than parked, because a parked event is missing from
 * the flow and the next events of its key would overtake it.
 */
export interface EventHandler<E extends EventEnvelope = EventEnvelope> {
  readonly eventType: E['type'];
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
