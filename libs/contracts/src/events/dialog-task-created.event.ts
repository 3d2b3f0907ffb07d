import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, templateKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const DialogTaskCreatedV1 = defineEvent({
  type: 'DialogTaskCreated',
  schemaVersion: 1,
  topic: Topics.dialogs,
  payload: z.object({
    installationId: uuid,
    dialogId: uuid,
    actionKey,
    templateKey,
  }),
});

export type DialogTaskCreatedPayload = z.output<typeof DialogTaskCreatedV1.payload>;
export type DialogTaskCreatedEvent = EventOf<typeof DialogTaskCreatedV1>;
