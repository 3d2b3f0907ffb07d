import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, reason, templateKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const DialogTaskCreationFailedV1 = defineEvent({
  type: 'DialogTaskCreationFailed',
  schemaVersion: 1,
  topic: Topics.dialogs,
  payload: z.object({
    installationId: uuid,
    // Not in API.md's minimum: the key and the installer's lookup need them.
    actionKey,
    templateKey,
    reason,
  }),
});

export type DialogTaskCreationFailedPayload = z.output<typeof DialogTaskCreationFailedV1.payload>;
export type DialogTaskCreationFailedEvent = EventOf<typeof DialogTaskCreationFailedV1>;
