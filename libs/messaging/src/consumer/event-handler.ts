import { EventEnvelope } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';

export interface HandlerContext {
  /** The transaction that also records the event in the inbox: write the effect through it. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
}

/** Handles one event type for one consumer group. Must make its effect only through `manager`. */
export interface EventHandler<E extends EventEnvelope = EventEnvelope> {
  readonly eventType: E['type'];
  handle(event: E, context: HandlerContext): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (the message goes to the DLQ at once). */
export class NonRetriableError extends Error {
  override readonly name = 'NonRetriableError';
}
