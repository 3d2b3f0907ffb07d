import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, reason, subject, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const ConnectionRefreshFailedV1 = defineEvent({
  type: 'ConnectionRefreshFailed',
  schemaVersion: 1,
  topic: Topics.authProfiles,
  payload: z.object({
    connectionId: uuid,
    actionKey,
    subject,
    /** True when retrying cannot help (grant revoked or expired): the connection needs a new consent. */
    final: z.boolean(),
    reason,
  }),
});

export type ConnectionRefreshFailedPayload = z.output<typeof ConnectionRefreshFailedV1.payload>;
export type ConnectionRefreshFailedEvent = EventOf<typeof ConnectionRefreshFailedV1>;
