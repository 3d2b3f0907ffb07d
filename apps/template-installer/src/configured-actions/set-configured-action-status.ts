import { ActionDisabledEvent, ActionEnabledEvent, isStaleConfigurationEvent } from '@actionhub/contracts';
import { EntityManager } from 'typeorm';
import { ConfiguredActionEntity } from './configured-action.entity';
import { lockConfiguredAction } from './configured-action.view';

/** Enables or disables the view of the event's own configuration, unless the event is stale. */
export async function setConfiguredActionStatus(
  manager: EntityManager,
  event: ActionEnabledEvent | ActionDisabledEvent,
  status: ConfiguredActionEntity['status'],
): Promise<void> {
  const { actionKey, configurationId, sequence } = event.payload;
  const view = await lockConfiguredAction(manager, event.appId, actionKey);
  if (!view || view.configurationId !== configurationId) return;
  if (isStaleConfigurationEvent(event.payload, view)) return;
  await manager.update(
    ConfiguredActionEntity,
    { appId: event.appId, actionKey },
    { status, sequence: sequence ?? view.sequence },
  );
}
