import { EventType } from '../registry';

/** Who consumes which event (ARCHITECTURE.md's table): documented in AsyncAPI, checked by the pacts. */
export const eventConsumers = {
  'auth-profiles': ['ActionDeleted'],
  'action-config': ['AuthorizationCompleted', 'ConnectionRefreshFailed', 'AuthProfileDeleted'],
  'template-installer': [
    'ActionConfigured',
    'ActionDisabled',
    'ActionEnabled',
    'ActionDeleted',
    'DialogTaskCreated',
    'DialogTaskCreationFailed',
  ],
  dialogs: [
    'TemplateInstalled',
    'TemplateUninstalled',
    'ActionConfigured',
    'ActionDisabled',
    'ActionEnabled',
    'ActionDeleted',
  ],
} as const satisfies Record<string, readonly EventType[]>;

export type ServiceName = keyof typeof eventConsumers;
