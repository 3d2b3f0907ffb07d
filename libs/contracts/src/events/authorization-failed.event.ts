import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, reason, subject, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

/** The user denied consent, the state was bad, or the code or credentials were refused. */
export const AuthorizationFailedV1 = defineEvent({
  type: 'AuthorizationFailed',
  schemaVersion: 1,
  topic: Topics.authProfiles,
  payload: z.object({
    authorizationId: uuid,
    actionKey,
    subject,
    reason,
  }),
});

export type AuthorizationFailedPayload = z.output<typeof AuthorizationFailedV1.payload>;
export type AuthorizationFailedEvent = EventOf<typeof AuthorizationFailedV1>;
