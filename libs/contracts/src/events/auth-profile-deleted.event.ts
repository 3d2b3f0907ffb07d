import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const AuthProfileDeletedV1 = defineEvent({
  type: 'AuthProfileDeleted',
  schemaVersion: 1,
  topic: Topics.authProfiles,
  payload: z.object({
    profileId: uuid,
  }),
  // A profile is not tied to one action: its events are ordered per profile instead.
  key: (e) => `${e.appId}:auth-profile:${e.payload.profileId}`,
});

export type AuthProfileDeletedPayload = z.output<typeof AuthProfileDeletedV1.payload>;
export type AuthProfileDeletedEvent = EventOf<typeof AuthProfileDeletedV1>;
