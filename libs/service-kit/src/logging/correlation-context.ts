import { AsyncLocalStorage } from 'node:async_hooks';

export interface CorrelationContext {
  correlationId: string;
  /** Set while an event is being handled: the event that caused this work. */
  eventId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/**
 * Runs `work` with a correlation id that every log line and outgoing call inside it picks up,
 * without passing it down by hand: HTTP requests and consumed events both start one.
 */
export function runWithCorrelation<T>(context: CorrelationContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}
