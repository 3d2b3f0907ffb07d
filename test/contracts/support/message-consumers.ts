import { EventType } from '@actionhub/contracts';
import { EventHandler } from '@actionhub/messaging';
import { DynamicModule, Type } from '@nestjs/common';
import { AppModule as ActionConfigModule } from '../../../apps/action-config/src/app.module';
import { AppModule as AuthProfilesModule } from '../../../apps/auth-profiles/src/app.module';
import { AppModule as DialogsModule } from '../../../apps/dialogs/src/app.module';
import { AppModule as TemplateInstallerModule } from '../../../apps/template-installer/src/app.module';
import { ServiceName } from './message-producers';

// Who consumes what (ARCHITECTURE.md's table, plus whatever a service's module wires up).

export const consumes: Record<ServiceName, EventType[]> = {
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
};

const modules: Record<ServiceName, { forRoot(): DynamicModule }> = {
  'auth-profiles': AuthProfilesModule,
  'action-config': ActionConfigModule,
  'template-installer': TemplateInstallerModule,
  dialogs: DialogsModule,
};

/**
 * The event handlers a service's app module really registers, by event type. Handlers only keep
 * their dependencies in the constructor, so one built without them still tells its event type.
 */
export function wiredHandlers(service: ServiceName): Map<string, EventHandler> {
  const providers = (modules[service].forRoot().providers ?? []) as unknown[];
  const handlers = new Map<string, EventHandler>();
  for (const provider of providers) {
    if (typeof provider !== 'function' || typeof provider.prototype?.handle !== 'function') continue;
    const handler = new (provider as Type<EventHandler>)();
    if (typeof handler.eventType === 'string') handlers.set(handler.eventType, handler);
  }
  return handlers;
}
