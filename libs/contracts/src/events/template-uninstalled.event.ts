import { z } from 'zod';
import { defineEvent, EventOf } from '../define-event';
import { actionKey, templateKey, uuid } from '../schemas/common-fields';
import { Topics } from '../topics';

export const TemplateUninstalledV1 = defineEvent({
  type: 'TemplateUninstalled',
  schemaVersion: 1,
  topic: Topics.templateInstaller,
  payload: z.object({
    installationId: uuid,
    actionKey,
    templateKey,
  }),
});

export type TemplateUninstalledPayload = z.output<typeof TemplateUninstalledV1.payload>;
export type TemplateUninstalledEvent = EventOf<typeof TemplateUninstalledV1>;
