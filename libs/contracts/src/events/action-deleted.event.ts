import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

/** The configuration is gone and every connection of the action is to be revoked. */
export const ActionDeletedV1 = defineEvent({
  type: 'ActionDeleted',
  schemaVersion: 1,
  topic: Topics.actionConfig,
  payload: z.object({
    actionKey,
    configurationId: uuid,
  }),
});

export type ActionDeletedPayload = z.output<typeof ActionDeletedV1.payload>;
export type ActionDeletedEvent = EventOf<typeof ActionDeletedV1>;
