import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, templateKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const DialogTaskDeletedV1 = defineEvent({
  type: 'DialogTaskDeleted',
  schemaVersion: 1,
  topic: Topics.dialogs,
  payload: z.object({
    installationId: uuid,
    dialogId: uuid,
    actionKey,
    templateKey,
  }),
});

export type DialogTaskDeletedPayload = z.output<typeof DialogTaskDeletedV1.payload>;
export type DialogTaskDeletedEvent = EventOf<typeof DialogTaskDeletedV1>;
