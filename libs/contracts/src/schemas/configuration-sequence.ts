import { z } from 'zod';

/**
 * The per-configuration event counter of ActionConfigured, ActionEnabled and ActionDisabled:
 * action-config increments it in the transaction that changes the configuration (and appends
 * the event), so a higher number is a later state. A consumer keeps, per configuration, the
 * highest one it applied and ignores anything not above it: a late replay (from a dead-letter
 * queue, a reset offset, a duplicate sent as a new event) changes nothing.
 *
 * Optional on purpose: adding it is a compatible change (schemaVersion stays 1, consumers that
 * do not know it strip it), and events published before it existed, still on the topics or
 * parked in a dead-letter topic, have none; consumers apply those as they always did. The
 * consumers' pacts require it, so action-config cannot stop sending it unnoticed.
 */
export const configurationSequence = z
  .number()
  .int()
  .positive()
  .describe(
    'Counts the events of this configuration (1, 2, ...): a consumer ignores one not above the highest it applied. ' +
      'Absent on events published before it was introduced.',
  );

export interface SequencedConfigurationEvent {
  configurationId: string;
  sequence?: number;
}

export interface ConfigurationView {
  configurationId: string;
  /** The highest sequence applied to the view (0: none yet). */
  sequence: number;
}

/** True when the view already reflects this event of its configuration, or a later one. */
export function isStaleConfigurationEvent(
  event: SequencedConfigurationEvent,
  view: ConfigurationView | null,
): boolean {
  if (!view || view.configurationId !== event.configurationId) return false;
  return event.sequence !== undefined && event.sequence <= view.sequence;
}
