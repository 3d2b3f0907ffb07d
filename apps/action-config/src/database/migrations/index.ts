import { InitialSchema1795878093180 } from './1795878093180-initial-schema';
import { ActionConfiguration1795886519995 } from './1795886519995-action-configuration';
import { OutboxOrderPerKey1795984985313 } from './1795984985313-outbox-order-per-key';
import { ConfigurationSequence1795985304459 } from './1795985304459-configuration-sequence';

/** Every migration of this service, in order. Add new ones at the end; never edit a released one. */
export const migrations = [
  InitialSchema1795878093180,
  ActionConfiguration1795886519995,
  OutboxOrderPerKey1795984985313,
  ConfigurationSequence1795985304459,
];
