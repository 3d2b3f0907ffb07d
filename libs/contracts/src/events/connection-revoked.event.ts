import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, subject, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const ConnectionRevokedV1 = defineEvent({
  type: 'ConnectionRevoked',
  schemaVersion: 1,
  topic: Topics.authProfiles,
  payload: z.object({
    connectionId: uuid,
    actionKey,
    subject,
  }),
});

export type ConnectionRevokedPayload = z.output<typeof ConnectionRevokedV1.payload>;
export type ConnectionRevokedEvent = EventOf<typeof ConnectionRevokedV1>;
