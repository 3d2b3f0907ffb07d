import {
  ActionConfiguredEvent,
  ActionDeletedEvent,
  ActionDisabledEvent,
  ActionEnabledEvent,
  isStaleConfigurationEvent,
} from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { ServiceType, withServiceType } from '../dialog-tasks/build-dialog-task';
import { DialogTaskEntity } from '../dialog-tasks/dialog-task.entity';
import { ActionConfigurationEntity } from './action-configuration.entity';
import { DeletedConfigurationEntity } from './deleted-configuration.entity';

// Every handler here ignores late events: those of a deleted configuration, and those whose
// sequence the view already reached (isStaleConfigurationEvent). So a replay from a dead-letter
// topic, or a duplicate sent as a new event, changes nothing.

/** Sets the serviceType of every service node in the app's dialog tasks of one action. */
async function setServiceType(
  manager: EntityManager,
  appId: string,
  actionKey: string,
  serviceType: ServiceType,
) {
  const tasks = await manager.findBy(DialogTaskEntity, { appId, actionKey, deletedAt: IsNull() });
  for (const task of tasks) {
    const definition = withServiceType(task.definition, serviceType);
    // Raw jsonb: the definition's recursive JSON type is too deep for TypeORM's partial-entity typing.
    const table = manager.getRepository(DialogTaskEntity).metadata.tablePath;
    await manager.query(`UPDATE ${table} SET "definition" = $1 WHERE "dialog_id" = $2`, [
      JSON.stringify(definition),
      task.dialogId,
    ]);
  }
}

const isDeleted = (manager: EntityManager, configurationId: string) =>
  manager.existsBy(DeletedConfigurationEntity, { configurationId });

/** The app's view of the action, locked until the handler's transaction ends. */
const lockView = (manager: EntityManager, appId: string, actionKey: string) =>
  manager.findOne(ActionConfigurationEntity, {
    where: { appId, actionKey },
    lock: { mode: 'pessimistic_write' },
  });

/** A saved (or re-saved) configuration: how runs authorize, and the action is enabled. */
@Injectable()
export class ActionConfiguredHandler implements EventHandler<ActionConfiguredEvent> {
  readonly eventType = 'ActionConfigured' as const;

  async handle(event: ActionConfiguredEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId, authorizationType, mechanism, profile, sequence } = event.payload;
    if (await isDeleted(manager, configurationId)) return;
    const view = await lockView(manager, event.appId, actionKey);
    if (isStaleConfigurationEvent(event.payload, view)) return;
    const sameConfiguration = view?.configurationId === configurationId;
    await manager.upsert(
      ActionConfigurationEntity,
      {
        appId: event.appId,
        actionKey,
        configurationId,
        authorizationType,
        mechanism,
        profile,
        enabled: true,
        sequence: sequence ?? (sameConfiguration ? view.sequence : 0),
      },
      ['appId', 'actionKey'],
    );
    await setServiceType(manager, event.appId, actionKey, 'integration');
  }
}

/** Enables or disables the view of the event's own configuration, unless the event is stale. */
async function setEnabled(
  manager: EntityManager,
  event: ActionEnabledEvent | ActionDisabledEvent,
  enabled: boolean,
): Promise<void> {
  const { actionKey, configurationId, sequence } = event.payload;
  const view = await lockView(manager, event.appId, actionKey);
  if (!view || view.configurationId !== configurationId) return;
  if (isStaleConfigurationEvent(event.payload, view)) return;
  await manager.update(
    ActionConfigurationEntity,
    { appId: event.appId, actionKey },
    { enabled, sequence: sequence ?? view.sequence },
  );
  await setServiceType(manager, event.appId, actionKey, enabled ? 'integration' : 'custom');
}

/** Disable keeps the authorization; the dialogs' service nodes become custom and stop calling out. */
@Injectable()
export class ActionDisabledHandler implements EventHandler<ActionDisabledEvent> {
  readonly eventType = 'ActionDisabled' as const;

  handle(event: ActionDisabledEvent, { manager }: HandlerContext): Promise<void> {
    return setEnabled(manager, event, false);
  }
}

@Injectable()
export class ActionEnabledHandler implements EventHandler<ActionEnabledEvent> {
  readonly eventType = 'ActionEnabled' as const;

  handle(event: ActionEnabledEvent, { manager }: HandlerContext): Promise<void> {
    return setEnabled(manager, event, true);
  }
}

/**
 * The configuration is gone (template-installer uninstalls its templates); runs fail until it is
 * back. Its id is remembered, so its late events are ignored; a late ActionDeleted of an older
 * configuration leaves a newer one's view alone.
 */
@Injectable()
export class ActionDeletedHandler implements EventHandler<ActionDeletedEvent> {
  readonly eventType = 'ActionDeleted' as const;

  async handle(event: ActionDeletedEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId } = event.payload;
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeletedConfigurationEntity)
      .values({ configurationId, appId: event.appId, actionKey })
      .orIgnore()
      .execute();
    await manager.delete(ActionConfigurationEntity, { appId: event.appId, actionKey, configurationId });
  }
}
