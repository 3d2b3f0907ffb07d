import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

/** The authorization is kept; the action's dialogs fall back to custom services. */
export const ActionDisabledV1 = defineEvent({
  type: 'ActionDisabled',
  schemaVersion: 1,
  topic: Topics.actionConfig,
  payload: z.object({
    actionKey,
    configurationId: uuid,
  }),
});

export type ActionDisabledPayload = z.output<typeof ActionDisabledV1.payload>;
export type ActionDisabledEvent = EventOf<typeof ActionDisabledV1>;
