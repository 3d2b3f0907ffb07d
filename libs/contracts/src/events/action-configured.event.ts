import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, authorizationType, mechanism, profileRef, uuid } from '../schemas/common-fields';
import { configurationSequence } from '../schemas/configuration-sequence';
import { Topics } from '../topics';

export const ActionConfiguredV1 = defineEvent({
  type: 'ActionConfigured',
  schemaVersion: 1,
  topic: Topics.actionConfig,
  payload: z.object({
    actionKey,
    configurationId: uuid,
    /** The configuration's event counter (see configuration-sequence.ts); absent on older events. */
    sequence: configurationSequence.optional(),
    authorizationType,
    mechanism,
    profile: profileRef,
    /** True only when the action first moves from Available to Configured (it offers templates). */
    firstTime: z.boolean(),
  }),
});

export type ActionConfiguredPayload = z.output<typeof ActionConfiguredV1.payload>;
export type ActionConfiguredEvent = EventOf<typeof ActionConfiguredV1>;
