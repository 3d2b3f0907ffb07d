import { InitialSchema1795878092221 } from './1795878092221-initial-schema';
import { ConnectionsAndProfiles1795886484975 } from './1795886484975-connections-and-profiles';
import { OutboxOrderPerKey1795984982624 } from './1795984982624-outbox-order-per-key';
import { RefreshLeasesAndClientRejections1795985031159 } from './1795985031159-refresh-leases-and-client-rejections';
import { BrowserBindingAndReturnOrigins1795995628183 } from './1795995628183-browser-binding-and-return-origins';
import { SiteChoice1796000000000 } from './1796000000000-site-choice';

/** Every migration of this service, in order. Add new ones at the end; never edit a released one. */
export const migrations = [
  InitialSchema1795878092221,
  ConnectionsAndProfiles1795886484975,
  OutboxOrderPerKey1795984982624,
  RefreshLeasesAndClientRejections1795985031159,
  BrowserBindingAndReturnOrigins1795995628183,
  SiteChoice1796000000000,
];
