import { EventType } from '@actionhub/contracts';
import { EventHandler } from '@actionhub/messaging';
import { DynamicModule, Type } from '@nestjs/common';
import { AppModule as ActionConfigModule } from '../../../apps/action-config/src/app.module';
import { AppModule as AuthProfilesModule } from '../../../apps/auth-profiles/src/app.module';
import { AppModule as DialogsModule } from '../../../apps/dialogs/src/app.module';
import { AppModule as TemplateInstallerModule } from '../../../apps/template-installer/src/app.module';
import { eventConsumers } from '../../../libs/contracts/src/asyncapi/event-consumers';
import { ServiceName } from './message-producers';

/** Who consumes what: the table the AsyncAPI document also publishes (ARCHITECTURE.md's). */
export const consumes: Record<ServiceName, readonly EventType[]> = eventConsumers;

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
