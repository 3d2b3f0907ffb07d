import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, profileId, site, subject, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

/** A connection was stored for an app or an end user, after OAuth consent or a Basic check. */
export const AuthorizationCompletedV1 = defineEvent({
  type: 'AuthorizationCompleted',
  schemaVersion: 1,
  topic: Topics.authProfiles,
  payload: z.object({
    authorizationId: uuid,
    connectionId: uuid,
    actionKey,
    profileId,
    subject,
    site,
  }),
});

export type AuthorizationCompletedPayload = z.output<typeof AuthorizationCompletedV1.payload>;
export type AuthorizationCompletedEvent = EventOf<typeof AuthorizationCompletedV1>;
