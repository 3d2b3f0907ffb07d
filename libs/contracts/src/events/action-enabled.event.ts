import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, uuid } from '../schemas/common-fields';
import { configurationSequence } from '../schemas/configuration-sequence';
import { Topics } from '../topics';

export const ActionEnabledV1 = defineEvent({
  type: 'ActionEnabled',
  schemaVersion: 1,
  topic: Topics.actionConfig,
  payload: z.object({
    actionKey,
    configurationId: uuid,
    /** The configuration's event counter (see configuration-sequence.ts); absent on older events. */
    sequence: configurationSequence.optional(),
  }),
});

export type ActionEnabledPayload = z.output<typeof ActionEnabledV1.payload>;
export type ActionEnabledEvent = EventOf<typeof ActionEnabledV1>;
