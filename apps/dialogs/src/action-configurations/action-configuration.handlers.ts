import {
  ActionConfiguredEvent,
  ActionDeletedEvent,
  ActionDisabledEvent,
  ActionEnabledEvent,
} from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { ServiceType, withServiceType } from '../dialog-tasks/build-dialog-task';
import { DialogTaskEntity } from '../dialog-tasks/dialog-task.entity';
import { ActionConfigurationEntity } from './action-configuration.entity';

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

/** A saved (or re-saved) configuration: how runs authorize, and the action is enabled. */
@Injectable()
export class ActionConfiguredHandler implements EventHandler<ActionConfiguredEvent> {
  readonly eventType = 'ActionConfigured' as const;

  async handle(event: ActionConfiguredEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId, authorizationType, mechanism, profile } = event.payload;
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
      },
      ['appId', 'actionKey'],
    );
    await setServiceType(manager, event.appId, actionKey, 'integration');
  }
}

/** Disable keeps the authorization; the dialogs' service nodes become custom and stop calling out. */
@Injectable()
export class ActionDisabledHandler implements EventHandler<ActionDisabledEvent> {
  readonly eventType = 'ActionDisabled' as const;

  async handle(event: ActionDisabledEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey } = event.payload;
    await manager.update(ActionConfigurationEntity, { appId: event.appId, actionKey }, { enabled: false });
    await setServiceType(manager, event.appId, actionKey, 'custom');
  }
}

@Injectable()
export class ActionEnabledHandler implements EventHandler<ActionEnabledEvent> {
  readonly eventType = 'ActionEnabled' as const;

  async handle(event: ActionEnabledEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey } = event.payload;
    await manager.update(ActionConfigurationEntity, { appId: event.appId, actionKey }, { enabled: true });
    await setServiceType(manager, event.appId, actionKey, 'integration');
  }
}

/** The configuration is gone (template-installer uninstalls its templates); runs fail until it is back. */
@Injectable()
export class ActionDeletedHandler implements EventHandler<ActionDeletedEvent> {
  readonly eventType = 'ActionDeleted' as const;

  async handle(event: ActionDeletedEvent, { manager }: HandlerContext): Promise<void> {
    await manager.delete(ActionConfigurationEntity, {
      appId: event.appId,
      actionKey: event.payload.actionKey,
    });
  }
}
