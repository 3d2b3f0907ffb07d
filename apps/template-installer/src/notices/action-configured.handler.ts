import { ActionConfiguredEvent, isStaleConfigurationEvent } from '@actionhub/contracts';
import { EventHandler, HandlerContext } from '@actionhub/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfiguredActionEntity } from '../configured-actions/configured-action.entity';
import { isDeletedConfiguration, lockConfiguredAction } from '../configured-actions/configured-action.view';
import { IntegrationNoticeEntity } from './integration-notice.entity';

/** Records the action as configured, and on its first configuration offers Explore Templates. */
@Injectable()
export class ActionConfiguredHandler implements EventHandler<ActionConfiguredEvent> {
  readonly eventType = 'ActionConfigured';

  async handle(event: ActionConfiguredEvent, { manager }: HandlerContext): Promise<void> {
    const { actionKey, configurationId, firstTime, sequence } = event.payload;
    // Late events (a deleted configuration's, or one the view is past) change nothing, and offer
    // no notice that was already dismissed or withdrawn.
    if (await isDeletedConfiguration(manager, configurationId)) return;
    const view = await lockConfiguredAction(manager, event.appId, actionKey);
    if (isStaleConfigurationEvent(event.payload, view)) return;
    const sameConfiguration = view !== null && view.configurationId === configurationId;
    await manager
      .createQueryBuilder()
      .insert()
      .into(ConfiguredActionEntity)
      .values({
        appId: event.appId,
        actionKey,
        configurationId,
        status: 'enabled',
        sequence: sequence ?? (sameConfiguration ? view.sequence : 0),
      })
      .orUpdate(['configuration_id', 'status', 'sequence', 'updated_at'], ['app_id', 'action_key'])
      .execute();
    if (!firstTime) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(IntegrationNoticeEntity)
      .values({
        id: randomUUID(),
        appId: event.appId,
        actionKey,
        configurationId,
        sourceEventId: event.eventId,
      })
      .orIgnore()
      .execute();
  }
}
