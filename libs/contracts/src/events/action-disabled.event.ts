import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, uuid } from '../schemas/common-fields';
import { configurationSequence } from '../schemas/configuration-sequence';
import { Topics } from '../topics';

/** The authorization is kept; the action's dialogs fall back to custom services. */
export const ActionDisabledV1 = defineEvent({
  type: 'ActionDisabled',
  schemaVersion: 1,
  topic: Topics.actionConfig,
  payload: z.object({
    actionKey,
    configurationId: uuid,
    /** The configuration's event counter (see configuration-sequence.ts); absent on older events. */
    sequence: configurationSequence.optional(),
  }),
});

export type ActionDisabledPayload = z.output<typeof ActionDisabledV1.payload>;
export type ActionDisabledEvent = EventOf<typeof ActionDisabledV1>;
