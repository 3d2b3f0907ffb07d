import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, templateKey, uuid } from '../schemas/common-fields';
import { dialogDefinitionSchema } from '../schemas/dialog-definition';
import { Topics } from '../topics';

// Carries the whole dialog definition: dialogs must not call back to the installer to build the task.
export const TemplateInstalledV1 = defineEvent({
  type: 'TemplateInstalled',
  schemaVersion: 1,
  topic: Topics.templateInstaller,
  payload: z.object({
    installationId: uuid,
    actionKey,
    templateKey,
    templateVersion: z.number().int().positive(),
    dialog: dialogDefinitionSchema,
  }),
});

export type TemplateInstalledPayload = z.output<typeof TemplateInstalledV1.payload>;
export type TemplateInstalledEvent = EventOf<typeof TemplateInstalledV1>;
