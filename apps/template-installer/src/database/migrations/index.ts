import { InitialSchema1795878094117 } from './1795878094117-initial-schema';
import { IntegrationNotices1795886568529 } from './1795886568529-integration-notices';
import { TemplateInstallations1795888539618 } from './1795888539618-template-installations';
import { OutboxOrderPerKey1795984988037 } from './1795984988037-outbox-order-per-key';
import { LateReplays1795985306038 } from './1795985306038-late-replays';

/** Every migration of this service, in order. Add new ones at the end; never edit a released one. */
export const migrations = [
  InitialSchema1795878094117,
  IntegrationNotices1795886568529,
  TemplateInstallations1795888539618,
  OutboxOrderPerKey1795984988037,
  LateReplays1795985306038,
];
